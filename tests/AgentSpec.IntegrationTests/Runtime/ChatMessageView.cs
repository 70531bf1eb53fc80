namespace AgentSpec.IntegrationTests.Runtime;

/// <summary>One message of a session's history as the runtime returns it.</summary>
public sealed record ChatMessageView(string Role, string Content);
