using AgentSpec.Core.RuntimeApi;

namespace AgentSpec.Runtime.Agents;

/// <summary>A deployed agent as the API shows it.</summary>
internal static class DeployedAgentResponses
{
    /// <param name="servedBy">The model that answers the agent here (<see cref="Models.ModelCatalog.ServingName"/>).</param>
    public static AgentSummary ToSummary(this DeployedAgent agent, string? servedBy)
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
            agent.UpdatedAt,
            servedBy);
    }

    public static AgentDetailsResponse ToDetails(this DeployedAgent agent)
    {
        ArgumentNullException.ThrowIfNull(agent);
        return new AgentDetailsResponse(agent.Name, agent.Hash, agent.DeployedAt, agent.UpdatedAt, agent.Definition);
    }
}
