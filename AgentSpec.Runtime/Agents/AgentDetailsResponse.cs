using AgentSpec.Core.Apply;

namespace AgentSpec.Runtime.Agents;

/// <summary>The answer to <c>GET /v1/agents/{name}</c>: the deployed definition, as it was PUT, and its times.</summary>
public sealed record AgentDetailsResponse(string Name, string Hash, DateTimeOffset DeployedAt, DateTimeOffset UpdatedAt, AgentDefinition Definition)
{
    public static AgentDetailsResponse From(DeployedAgent agent)
    {
        ArgumentNullException.ThrowIfNull(agent);
        return new AgentDetailsResponse(agent.Name, agent.Hash, agent.DeployedAt, agent.UpdatedAt, agent.Definition);
    }
}
