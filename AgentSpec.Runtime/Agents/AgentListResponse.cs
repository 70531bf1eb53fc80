namespace AgentSpec.Runtime.Agents;

public sealed record AgentListResponse(IReadOnlyList<AgentSummary> Agents);
