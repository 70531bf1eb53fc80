namespace AgentSpec.Core.Sessions;

public sealed record SessionInfo(
    string Id,
    string Agent,
    DateTimeOffset CreatedAt,
    DateTimeOffset LastActive,
    IReadOnlyDictionary<string, string> Metadata);
