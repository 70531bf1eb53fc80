namespace AgentSpec.Core.RuntimeApi;

/// <summary>The answer to <c>GET /v1/agents/{name}/sessions</c>.</summary>
/// <param name="HasMore">True when the agent has more sessions than the requested limit.</param>
public sealed record SessionListResponse(IReadOnlyList<SessionSummary> Sessions, bool HasMore);
