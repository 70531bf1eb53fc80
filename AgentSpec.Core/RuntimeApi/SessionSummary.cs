using AgentSpec.Core.Sessions;

namespace AgentSpec.Core.RuntimeApi;

/// <summary>One entry of <c>GET /v1/agents/{name}/sessions</c>.</summary>
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
