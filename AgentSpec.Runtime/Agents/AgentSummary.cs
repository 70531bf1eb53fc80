namespace AgentSpec.Runtime.Agents;

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
    DateTimeOffset UpdatedAt)
{
    public static AgentSummary From(DeployedAgent agent)
    {
        ArgumentNullException.ThrowIfNull(agent);
        var definition = agent.Definition;
        return new AgentSummary(
            definition.Name,
            definition.Package,
            definition.Fqn,
            agent.Hash,
            definition.Model,
            definition.Prompt?.Name,
            definition.Skills.Select(s => s.Name).ToList(),
            agent.DeployedAt,
            agent.UpdatedAt);
    }
}
