using System.Collections.Concurrent;
using AgentSpec.Core.Apply;

namespace AgentSpec.Runtime.Agents;

/// <summary>Agents held by this process only: for a single runtime without Redis.</summary>
public sealed class MemoryAgentRegistry : IAgentRegistry
{
    private readonly ConcurrentDictionary<string, DeployedAgent> _agents = new(StringComparer.Ordinal);
    private readonly Lock _writeLock = new();
    private readonly TimeProvider _timeProvider;

    public MemoryAgentRegistry(TimeProvider timeProvider)
    {
        _timeProvider = timeProvider;
    }

    public string Kind => "memory";

    public ValueTask<DeployedAgent?> GetAsync(string name, CancellationToken cancellationToken) =>
        ValueTask.FromResult(_agents.GetValueOrDefault(name));

    public Task<IReadOnlyList<DeployedAgent>> ListAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<DeployedAgent>>(_agents.Values.OrderBy(a => a.Name, StringComparer.Ordinal).ToList());

    public Task<long> CountAsync(CancellationToken cancellationToken) => Task.FromResult((long)_agents.Count);

    public Task<AgentPutResult> PutAsync(AgentDefinition definition, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(definition);
        lock (_writeLock)
        {
            var now = _timeProvider.GetUtcNow();
            if (_agents.TryGetValue(definition.Name, out var current))
            {
                if (string.Equals(current.Hash, definition.Hash, StringComparison.Ordinal))
                {
                    return Task.FromResult(new AgentPutResult(AgentPutOutcome.Unchanged, current));
                }

                var updated = new DeployedAgent(definition, current.DeployedAt, now);
                _agents[definition.Name] = updated;
                return Task.FromResult(new AgentPutResult(AgentPutOutcome.Updated, updated));
            }

            var created = new DeployedAgent(definition, now, now);
            _agents[definition.Name] = created;
            return Task.FromResult(new AgentPutResult(AgentPutOutcome.Created, created));
        }
    }

    public Task<bool> DeleteAsync(string name, CancellationToken cancellationToken)
    {
        lock (_writeLock)
        {
            return Task.FromResult(_agents.TryRemove(name, out _));
        }
    }
}
