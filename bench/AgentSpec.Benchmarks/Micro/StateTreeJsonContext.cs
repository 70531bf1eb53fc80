using System.Text.Json.Serialization;
using AgentSpec.Core.State;

namespace AgentSpec.Benchmarks.Micro;

/// <summary>Turns a state document into a JSON tree: the input of the canonical-hashing micro-benchmark.</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(StateDocument))]
internal sealed partial class StateTreeJsonContext : JsonSerializerContext;
