using System.Text.Json.Serialization;
using AgentSpec.Core.Sessions;

namespace AgentSpec.Benchmarks.Figures;

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(List<SessionMessage>))]
internal sealed partial class NaiveJsonContext : JsonSerializerContext;
