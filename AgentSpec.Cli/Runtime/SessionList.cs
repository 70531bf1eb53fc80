namespace AgentSpec.Cli.Runtime;

public sealed record SessionList(IReadOnlyList<SessionSummary> Sessions, bool HasMore);
