using System.Text.Json.Serialization;

namespace AgentSpec.Core.Sessions;

/// <summary>A message as the client sends it to the append script, which inserts <c>"seq"</c> first.</summary>
internal sealed record RedisMessageBody(
    [property: JsonPropertyName("role")] string Role,
    [property: JsonPropertyName("content")] string Content,
    [property: JsonPropertyName("created_at")] DateTimeOffset CreatedAt,
    [property: JsonPropertyName("tool_name"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? ToolName = null,
    [property: JsonPropertyName("tool_call_id"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? ToolCallId = null);

/// <summary>
/// A list element as read back. Messages migrated from the legacy format keep their original fields
/// (and may lack <c>content</c> or <c>created_at</c>); anything else is ignored.
/// </summary>
internal sealed record RedisStoredMessage(
    [property: JsonPropertyName("seq")] long? Sequence,
    [property: JsonPropertyName("role")] string? Role,
    [property: JsonPropertyName("content")] string? Content,
    [property: JsonPropertyName("created_at")] DateTimeOffset? CreatedAt,
    [property: JsonPropertyName("tool_name")] string? ToolName = null,
    [property: JsonPropertyName("tool_call_id")] string? ToolCallId = null);

/// <summary>The value of a turn marker: the reply of the first append with that idempotency key.</summary>
internal sealed record RedisTurnMarker(
    [property: JsonPropertyName("reply")] string? Reply,
    [property: JsonPropertyName("turns"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? ModelCalls);

/// <summary>A legacy value that is not a message object, kept verbatim so that migrating never drops data; readers skip it with a warning.</summary>
internal sealed record RedisLegacyRawElement([property: JsonPropertyName("legacy_raw")] string LegacyRaw);

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(RedisMessageBody))]
[JsonSerializable(typeof(RedisStoredMessage))]
[JsonSerializable(typeof(RedisTurnMarker))]
[JsonSerializable(typeof(RedisLegacyRawElement))]
[JsonSerializable(typeof(Dictionary<string, string>))]
internal sealed partial class RedisSessionJsonContext : JsonSerializerContext;
