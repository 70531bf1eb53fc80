using System.Text.Json;
using AgentSpec.Core.Apply;
using AgentSpec.Runtime.Json;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace AgentSpec.Runtime.Agents;

/// <summary>
/// Agents in one Redis hash (<c>&lt;prefix&gt;agents</c>: name → JSON), shared by every replica. Every
/// read is one <c>HGET</c>, so a deploy on one replica is seen by the next request on any other; there
/// is no cache to keep coherent (docs/sessions.md, "The agent registry in Redis").
/// </summary>
public sealed partial class RedisAgentRegistry : IAgentRegistry
{
    private const int MaxWriteAttempts = 100;

    private readonly IConnectionMultiplexer _redis;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<RedisAgentRegistry> _logger;
    private readonly int _database;
    private readonly RedisKey _key;

    /// <param name="database">The Redis database number (-1: the connection's default), the same as the session store's.</param>
    public RedisAgentRegistry(IConnectionMultiplexer redis, string keyPrefix, int database, TimeProvider timeProvider, ILogger<RedisAgentRegistry> logger)
    {
        ArgumentNullException.ThrowIfNull(redis);
        _redis = redis;
        _database = database;
        _timeProvider = timeProvider;
        _logger = logger;
        _key = keyPrefix + "agents";
    }

    public string Kind => "redis";

    public async ValueTask<DeployedAgent?> GetAsync(string name, CancellationToken cancellationToken)
    {
        var raw = await RunAsync(db => db.HashGetAsync(_key, name), "read agent " + name);
        if (raw.IsNull)
        {
            return null;
        }

        return Parse(name, raw) ?? throw new AgentRegistryUnavailableException(
            $"The stored definition of agent '{name}' is unreadable; deploy the agent again to replace it.");
    }

    public async Task<IReadOnlyList<DeployedAgent>> ListAsync(CancellationToken cancellationToken)
    {
        var entries = await RunAsync(db => db.HashGetAllAsync(_key), "list agents");
        var agents = new List<DeployedAgent>(entries.Length);
        foreach (var entry in entries)
        {
            if (Parse(entry.Name.ToString(), entry.Value) is { } agent)
            {
                agents.Add(agent);
            }
        }

        agents.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
        return agents;
    }

    public Task<long> CountAsync(CancellationToken cancellationToken) =>
        RunAsync(db => db.HashLengthAsync(_key), "count agents");

    public async Task<AgentPutResult> PutAsync(AgentDefinition definition, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var name = definition.Name;
        for (var attempt = 0; attempt < MaxWriteAttempts; attempt++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var currentRaw = await RunAsync(db => db.HashGetAsync(_key, name), "read agent " + name);
            var current = currentRaw.IsNull ? null : Parse(name, currentRaw);
            if (current is not null && string.Equals(current.Hash, definition.Hash, StringComparison.Ordinal))
            {
                return new AgentPutResult(AgentPutOutcome.Unchanged, current);
            }

            var now = _timeProvider.GetUtcNow();
            var next = new DeployedAgent(definition, current?.DeployedAt ?? now, now);
            var json = JsonSerializer.SerializeToUtf8Bytes(next, RuntimeJsonContext.Default.DeployedAgent);

            // Compare-and-set: the write lands only if nobody changed the agent since it was read.
            var written = await RunAsync(
                async db =>
                {
                    var transaction = db.CreateTransaction();
                    _ = transaction.AddCondition(currentRaw.IsNull ? Condition.HashNotExists(_key, name) : Condition.HashEqual(_key, name, currentRaw));
                    _ = transaction.HashSetAsync(_key, name, json);
                    return await transaction.ExecuteAsync();
                },
                "deploy agent " + name);
            if (written)
            {
                return new AgentPutResult(currentRaw.IsNull ? AgentPutOutcome.Created : AgentPutOutcome.Updated, next);
            }
        }

        throw new AgentRegistryUnavailableException($"Agent '{name}' kept changing while it was being deployed; try again.");
    }

    public Task<bool> DeleteAsync(string name, CancellationToken cancellationToken) =>
        RunAsync(db => db.HashDeleteAsync(_key, name), "delete agent " + name);

    private DeployedAgent? Parse(string name, RedisValue raw)
    {
        try
        {
            var agent = JsonSerializer.Deserialize((ReadOnlySpan<byte>)(byte[])raw!, RuntimeJsonContext.Default.DeployedAgent);
            if (agent is not null && agent.Name == name)
            {
                return agent;
            }
        }
        catch (JsonException exception)
        {
            Log.UnreadableAgent(_logger, name, exception);
            return null;
        }

        Log.UnreadableAgent(_logger, name, null);
        return null;
    }

    private async Task<T> RunAsync<T>(Func<IDatabase, Task<T>> operation, string what)
    {
        try
        {
            return await operation(_redis.GetDatabase(_database));
        }
        catch (RedisException exception)
        {
            throw new AgentRegistryUnavailableException($"Redis could not {what}: {exception.Message}", exception);
        }
        catch (TimeoutException exception)
        {
            throw new AgentRegistryUnavailableException($"Redis did not answer in time to {what}: {exception.Message}", exception);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1200, Level = LogLevel.Error, Message = "The stored definition of agent {Agent} is unreadable; deploy it again to replace it")]
        public static partial void UnreadableAgent(ILogger logger, string agent, Exception? exception);
    }
}
