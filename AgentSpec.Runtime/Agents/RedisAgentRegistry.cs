using System.Collections.Concurrent;
using System.Text.Json;
using AgentSpec.Core.Apply;
using AgentSpec.Runtime.Json;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace AgentSpec.Runtime.Agents;

/// <summary>
/// Agents in one Redis hash (<c>&lt;prefix&gt;agents</c>: name → JSON), shared by every replica.
/// Chat turns read agents on every request, so each replica caches what it read and drops entries
/// when a replica announces a change on <c>&lt;prefix&gt;agents:changed</c>. The cache is used only
/// while that subscription is live, is cleared whenever the connection drops or comes back (changes
/// may have been missed), and entries expire after <see cref="CacheLifetime"/> as a last resort.
/// </summary>
public sealed partial class RedisAgentRegistry : IAgentRegistry, IDisposable
{
    public static readonly TimeSpan CacheLifetime = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan SubscribeRetryInterval = TimeSpan.FromSeconds(1);
    private const int MaxWriteAttempts = 100;

    private readonly IConnectionMultiplexer _redis;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<RedisAgentRegistry> _logger;
    private readonly int _database;
    private readonly RedisKey _key;
    private readonly RedisChannel _channel;
    private readonly ConcurrentDictionary<string, CachedAgent> _cache = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _subscribeGate = new(1, 1);
    private long _epoch;
    private long _lastSubscribeAttempt = long.MinValue;
    private volatile bool _subscribed;

    /// <param name="database">The Redis database number (-1: the connection's default), the same as the session store's.</param>
    public RedisAgentRegistry(IConnectionMultiplexer redis, string keyPrefix, int database, TimeProvider timeProvider, ILogger<RedisAgentRegistry> logger)
    {
        ArgumentNullException.ThrowIfNull(redis);
        _redis = redis;
        _database = database;
        _timeProvider = timeProvider;
        _logger = logger;
        _key = keyPrefix + "agents";
        _channel = RedisChannel.Literal(keyPrefix + "agents:changed");
        _redis.ConnectionFailed += OnConnectionChanged;
        _redis.ConnectionRestored += OnConnectionChanged;
    }

    public string Kind => "redis";

    public async ValueTask<DeployedAgent?> GetAsync(string name, CancellationToken cancellationToken)
    {
        if (_subscribed && _cache.TryGetValue(name, out var cached) && cached.ExpiresAt > _timeProvider.GetTimestamp())
        {
            return cached.Agent;
        }

        await EnsureSubscribedAsync();
        var epoch = Interlocked.Read(ref _epoch);
        var raw = await RunAsync(db => db.HashGetAsync(_key, name), "read agent " + name);
        if (raw.IsNull)
        {
            return null;
        }

        var agent = Parse(name, raw) ?? throw new AgentRegistryUnavailableException(
            $"The stored definition of agent '{name}' is unreadable; deploy the agent again to replace it.");

        // Only cache what no announced change can have overtaken while it was read.
        if (_subscribed && Interlocked.Read(ref _epoch) == epoch)
        {
            _cache[name] = new CachedAgent(agent, _timeProvider.GetTimestamp() + (long)(CacheLifetime.TotalSeconds * _timeProvider.TimestampFrequency));
        }

        return agent;
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
            var json = JsonSerializer.SerializeToUtf8Bytes(next, RuntimeJsonContext.Wire.DeployedAgent);

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
                await AnnounceAsync(name);
                return new AgentPutResult(currentRaw.IsNull ? AgentPutOutcome.Created : AgentPutOutcome.Updated, next);
            }
        }

        throw new AgentRegistryUnavailableException($"Agent '{name}' kept changing while it was being deployed; try again.");
    }

    public async Task<bool> DeleteAsync(string name, CancellationToken cancellationToken)
    {
        var deleted = await RunAsync(db => db.HashDeleteAsync(_key, name), "delete agent " + name);
        await AnnounceAsync(name);
        return deleted;
    }

    public void Dispose()
    {
        _redis.ConnectionFailed -= OnConnectionChanged;
        _redis.ConnectionRestored -= OnConnectionChanged;
        _subscribeGate.Dispose();
    }

    private async Task AnnounceAsync(string name)
    {
        Invalidate(name);
        try
        {
            await _redis.GetSubscriber().PublishAsync(_channel, name);
        }
        catch (RedisException exception)
        {
            // The change itself is stored; other replicas pick it up when their cache entry expires.
            Log.AnnounceFailed(_logger, name, exception);
        }
    }

    private async ValueTask EnsureSubscribedAsync()
    {
        if (_subscribed)
        {
            return;
        }

        var now = _timeProvider.GetTimestamp();
        var last = Interlocked.Read(ref _lastSubscribeAttempt);
        if (last != long.MinValue && _timeProvider.GetElapsedTime(last, now) < SubscribeRetryInterval)
        {
            return;
        }

        if (!await _subscribeGate.WaitAsync(0))
        {
            return;
        }

        try
        {
            Interlocked.Exchange(ref _lastSubscribeAttempt, now);
            await _redis.GetSubscriber().SubscribeAsync(_channel, (_, message) => Invalidate(message.ToString()));
            Interlocked.Increment(ref _epoch);
            _cache.Clear();
            _subscribed = true;
        }
        catch (RedisException exception)
        {
            Log.SubscribeFailed(_logger, exception);
        }
        finally
        {
            _subscribeGate.Release();
        }
    }

    private void Invalidate(string name)
    {
        Interlocked.Increment(ref _epoch);
        _cache.TryRemove(name, out _);
    }

    private void OnConnectionChanged(object? sender, ConnectionFailedEventArgs e)
    {
        Interlocked.Increment(ref _epoch);
        _cache.Clear();
    }

    private DeployedAgent? Parse(string name, RedisValue raw)
    {
        try
        {
            var agent = JsonSerializer.Deserialize((ReadOnlySpan<byte>)(byte[])raw!, RuntimeJsonContext.Wire.DeployedAgent);
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

    private sealed record CachedAgent(DeployedAgent Agent, long ExpiresAt);

    private static partial class Log
    {
        [LoggerMessage(EventId = 1200, Level = LogLevel.Error, Message = "The stored definition of agent {Agent} is unreadable; deploy it again to replace it")]
        public static partial void UnreadableAgent(ILogger logger, string agent, Exception? exception);

        [LoggerMessage(EventId = 1201, Level = LogLevel.Warning, Message = "Could not subscribe to agent change announcements; agents are read from Redis on every request until it works")]
        public static partial void SubscribeFailed(ILogger logger, Exception exception);

        [LoggerMessage(EventId = 1202, Level = LogLevel.Warning, Message = "Could not announce the change of agent {Agent}; other replicas see it within their cache lifetime")]
        public static partial void AnnounceFailed(ILogger logger, string agent, Exception exception);
    }
}
