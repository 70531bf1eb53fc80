namespace AgentSpec.Cli.Runtime;

public sealed record HistoryMessage(string Role, string Content, DateTimeOffset CreatedAt);
