namespace AgentSpec.Cli.Runtime;

public sealed record SessionSummary(string SessionId, string Agent, DateTimeOffset CreatedAt, DateTimeOffset LastActive, IReadOnlyDictionary<string, string>? Metadata);
