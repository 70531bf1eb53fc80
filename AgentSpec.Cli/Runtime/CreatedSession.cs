namespace AgentSpec.Cli.Runtime;

public sealed record CreatedSession(string SessionId, string Agent, DateTimeOffset CreatedAt);
