using System.Text.Json.Serialization;

namespace AgentSpec.Cli.Output;

[JsonSourceGenerationOptions(WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(PlanJson))]
[JsonSerializable(typeof(ErrorJson))]
[JsonSerializable(typeof(ApplyJson))]
[JsonSerializable(typeof(IReadOnlyList<DiagnosticJson>))]
internal sealed partial class CliJsonContext : JsonSerializerContext;
