namespace AgentSpec.Core.Sessions;

/// <summary>One chat message. <see cref="Role"/> is <c>user</c>, <c>assistant</c> or <c>system</c>.</summary>
public sealed record SessionMessage(string Role, string Content, DateTimeOffset CreatedAt)
{
    public const string UserRole = "user";
    public const string AssistantRole = "assistant";
    public const string SystemRole = "system";
}
