using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using AgentSpec.Core.Apply;

namespace AgentSpec.Core.RuntimeApi;

/// <summary>Source-generated snake_case JSON for every body of the runtime API, read and written by the runtime and its clients.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    RespectNullableAnnotations = true,
    RespectRequiredConstructorParameters = true)]
[JsonSerializable(typeof(ProblemResponse))]
[JsonSerializable(typeof(HealthzResponse))]
[JsonSerializable(typeof(AgentDefinition))]
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
public sealed partial class RuntimeApiJsonContext : JsonSerializerContext
{
    /// <summary>
    /// The instance the runtime reads and writes with: like <see cref="Default"/>, but without escaping
    /// quotes and angle brackets, so messages read naturally (bodies are application/json, never HTML).
    /// </summary>
    public static RuntimeApiJsonContext Wire { get; } = new(new JsonSerializerOptions
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });

    /// <summary>
    /// The instance clients read answers with: a missing or null field does not fail the read, so the
    /// client can name exactly which field an answer lacks (the CLI's response validation).
    /// </summary>
    public static RuntimeApiJsonContext Tolerant { get; } = new(new JsonSerializerOptions
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    });
}
