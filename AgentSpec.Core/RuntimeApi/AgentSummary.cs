namespace AgentSpec.Core.RuntimeApi;

/// <summary>One entry of <c>GET /v1/agents</c>.</summary>
public sealed record AgentSummary(
    string Name,
    string Package,
    string Fqn,
    string Hash,
    string? Model,
    string? Prompt,
    IReadOnlyList<string> Skills,
    DateTimeOffset DeployedAt,
    DateTimeOffset UpdatedAt);
