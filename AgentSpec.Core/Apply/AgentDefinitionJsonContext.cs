using System.Text.Json.Serialization;

namespace AgentSpec.Core.Apply;

/// <summary>Source-generated snake_case JSON for <see cref="AgentDefinition"/>, shared by the CLI and the runtime.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    RespectNullableAnnotations = true,
    RespectRequiredConstructorParameters = true,
    AllowTrailingCommas = false)]
[JsonSerializable(typeof(AgentDefinition))]
public sealed partial class AgentDefinitionJsonContext : JsonSerializerContext;
