using System.Text.Json.Serialization;
using AgentSpec.Core.RuntimeApi;
using AgentSpec.Runtime.Agents;

namespace AgentSpec.Runtime.Json;

/// <summary>
/// Source-generated snake_case JSON for what the runtime stores itself (a deployed agent in the Redis
/// registry). The API's bodies are in <see cref="Core.RuntimeApi.RuntimeApiJsonContext"/>.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    RespectNullableAnnotations = true,
    RespectRequiredConstructorParameters = true)]
[JsonSerializable(typeof(DeployedAgent))]
internal sealed partial class RuntimeJsonContext : JsonSerializerContext;
