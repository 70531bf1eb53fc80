using System.Text.Json.Serialization;

namespace AgentSpec.Core.Sessions;

/// <summary>
/// One chat message. <see cref="Role"/> is <c>user</c>, <c>assistant</c>, <c>system</c>, or for a skill the
/// model used (docs/tools.md): <c>tool_call</c> (<see cref="Content"/> is the arguments as JSON) and <c>tool</c>
/// (<see cref="Content"/> is the result), both naming <see cref="ToolName"/> and pairing on <see cref="ToolCallId"/>.
/// </summary>
public sealed record SessionMessage(string Role, string Content, DateTimeOffset CreatedAt)
{
    public const string UserRole = "user";
    public const string AssistantRole = "assistant";
    public const string SystemRole = "system";
    public const string ToolCallRole = "tool_call";
    public const string ToolResultRole = "tool";

    /// <summary>The skill a <c>tool_call</c> or <c>tool</c> message is about; null for other roles.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? ToolName { get; init; }

    /// <summary>The model's id of the call, shared by a <c>tool_call</c> and its <c>tool</c> result; null for other roles.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? ToolCallId { get; init; }
}
