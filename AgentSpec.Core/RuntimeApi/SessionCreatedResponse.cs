namespace AgentSpec.Core.RuntimeApi;

/// <summary>The answer to <c>POST /v1/agents/{name}/sessions</c>.</summary>
public sealed record SessionCreatedResponse(string SessionId, string Agent, DateTimeOffset CreatedAt);
