using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using AgentSpec.Core.Apply;
using AgentSpec.Runtime.Agents;
using AgentSpec.Runtime.Errors;
using AgentSpec.Runtime.Health;
using AgentSpec.Runtime.Invoke;
using AgentSpec.Runtime.Sessions;

namespace AgentSpec.Runtime.Json;

/// <summary>Source-generated snake_case JSON for every type the runtime reads or writes.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    RespectNullableAnnotations = true,
    RespectRequiredConstructorParameters = true)]
[JsonSerializable(typeof(ApiError))]
[JsonSerializable(typeof(HealthzResponse))]
[JsonSerializable(typeof(AgentDefinition))]
[JsonSerializable(typeof(DeployedAgent))]
[JsonSerializable(typeof(AgentDeployResponse))]
[JsonSerializable(typeof(AgentListResponse))]
[JsonSerializable(typeof(AgentDetailsResponse))]
[JsonSerializable(typeof(CreateSessionRequest))]
[JsonSerializable(typeof(SessionCreatedResponse))]
[JsonSerializable(typeof(SendMessageRequest))]
[JsonSerializable(typeof(ChatReplyResponse))]
[JsonSerializable(typeof(MessagePageResponse))]
[JsonSerializable(typeof(SessionListResponse))]
[JsonSerializable(typeof(InvokeRequest))]
public sealed partial class RuntimeJsonContext : JsonSerializerContext
{
    /// <summary>
    /// The instance the runtime reads and writes with: like <see cref="Default"/>, but without escaping
    /// quotes and angle brackets, so messages read naturally (bodies are application/json, never HTML).
    /// </summary>
    public static RuntimeJsonContext Wire { get; } = new(new JsonSerializerOptions
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });
}
