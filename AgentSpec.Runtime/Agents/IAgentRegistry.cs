using AgentSpec.Core.Apply;

namespace AgentSpec.Runtime.Agents;

/// <summary>
/// The deployed agents, shared by every replica of the runtime (Redis) or held by this process
/// alone (memory). Failures of the backing store surface as <see cref="AgentRegistryUnavailableException"/>.
/// </summary>
public interface IAgentRegistry
{
    /// <summary><c>redis</c> or <c>memory</c>, as /healthz reports it.</summary>
    string Kind { get; }

    /// <summary>The agent, or null when none of that name is deployed. Called on every chat turn: must be cheap.</summary>
    ValueTask<DeployedAgent?> GetAsync(string name, CancellationToken cancellationToken);

    /// <summary>Every deployed agent, by name.</summary>
    Task<IReadOnlyList<DeployedAgent>> ListAsync(CancellationToken cancellationToken);

    Task<long> CountAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Deploys <paramref name="definition"/> (whose hash is set): created when new, unchanged when the
    /// deployed agent has the same hash, otherwise updated (keeping its first deployment time).
    /// </summary>
    Task<AgentPutResult> PutAsync(AgentDefinition definition, CancellationToken cancellationToken);

    /// <summary>False when no agent of that name was deployed.</summary>
    Task<bool> DeleteAsync(string name, CancellationToken cancellationToken);
}
