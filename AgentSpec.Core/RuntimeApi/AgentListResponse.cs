namespace AgentSpec.Core.RuntimeApi;

/// <summary>The answer to <c>GET /v1/agents</c>, by name.</summary>
public sealed record AgentListResponse(IReadOnlyList<AgentSummary> Agents);
