using AgentSpec.Core.Sessions;

namespace AgentSpec.Runtime.Sessions;

public sealed record SessionSummary(
    string SessionId,
    string Agent,
    DateTimeOffset CreatedAt,
    DateTimeOffset LastActive,
    IReadOnlyDictionary<string, string> Metadata)
{
    public static SessionSummary From(SessionInfo session)
    {
        ArgumentNullException.ThrowIfNull(session);
        return new SessionSummary(session.Id, session.Agent, session.CreatedAt, session.LastActive, session.Metadata);
    }
}
