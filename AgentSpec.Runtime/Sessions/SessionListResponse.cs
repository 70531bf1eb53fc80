namespace AgentSpec.Runtime.Sessions;

/// <param name="HasMore">True when the agent has more sessions than the requested limit.</param>
public sealed record SessionListResponse(IReadOnlyList<SessionSummary> Sessions, bool HasMore);
