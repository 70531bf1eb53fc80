using AgentSpec.Core.Sessions;
using AgentSpec.Testing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using StackExchange.Redis;

namespace AgentSpec.Core.Tests.Sessions;

/// <summary>One real Redis (or Garnet) server per test class; tests isolate themselves by key prefix.</summary>
public sealed class RedisServerFixture : IAsyncLifetime
{
    private RedisServer? _server;
    private ConnectionMultiplexer? _connection;

    public RedisServer Server => _server ?? throw new InvalidOperationException("The server starts in InitializeAsync.");

    public ConnectionMultiplexer Connection => _connection ?? throw new InvalidOperationException("The server starts in InitializeAsync.");

    public async Task InitializeAsync()
    {
        _server = await RedisServer.StartAsync();
        _connection = await _server.ConnectAsync();
    }

    public async Task DisposeAsync()
    {
        if (_connection is not null)
        {
            await _connection.DisposeAsync();
        }

        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    public static string NewPrefix() => $"test-{Guid.NewGuid():N}:";

    public RedisSessionStore NewStore(string prefix, TimeProvider timeProvider, ILogger<RedisSessionStore>? logger = null, TimeSpan? ttl = null, IConnectionMultiplexer? connection = null) =>
        new(
            connection ?? Connection,
            new RedisSessionStoreOptions { KeyPrefix = prefix, Ttl = ttl ?? TimeSpan.FromHours(24) },
            timeProvider,
            logger ?? NullLogger<RedisSessionStore>.Instance);

    public IServer ServerApi => Connection.GetServer(Connection.GetEndPoints()[0]);

    /// <summary>Every key that starts with <paramref name="prefix"/> (by SCAN).</summary>
    public async Task<List<RedisKey>> KeysAsync(string prefix)
    {
        var keys = new List<RedisKey>();
        await foreach (var key in ServerApi.KeysAsync(pattern: prefix + "*", pageSize: 1000))
        {
            keys.Add(key);
        }

        return keys;
    }
}
