namespace AgentSpec.Runtime.Sessions;

public sealed record SessionCreatedResponse(string SessionId, string Agent, DateTimeOffset CreatedAt);
