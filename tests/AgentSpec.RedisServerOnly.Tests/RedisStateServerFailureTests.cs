using AgentSpec.Core.State;
using AgentSpec.Core.State.Errors;
using AgentSpec.Core.State.RedisBackend;
using AgentSpec.Core.Tests.State;
using AgentSpec.Testing;
using Microsoft.Extensions.Logging.Testing;
using StackExchange.Redis;

namespace AgentSpec.RedisServerOnly.Tests;

/// <summary>
/// Acceptance 6 of the Redis backend on what only redis-server offers: a read-only replica (<c>REPLICAOF</c>,
/// which Garnet has only in cluster mode) and an out-of-memory server (<c>maxmemory</c>). Each gives one clear
/// sentence and writes nothing. The unreachable server and the wrong password are in AgentSpec.Core.Tests.
/// </summary>
public sealed class RedisStateServerFailureTests
{
    private readonly string _workspace = "failure-" + Guid.NewGuid().ToString("N");
    private readonly FakeLogger<RedisStateBackend> _logger = new();

    private static StateLockOptions Options => new() { Operation = "apply", LockTimeout = TimeSpan.FromSeconds(5) };

    private RedisStateBackend NewBackend(IConnectionMultiplexer connection) =>
        new(connection, new RedisStateBackendOptions { Workspace = _workspace }, _logger, TimeProvider.System);

    /// <summary>
    /// A replica needs <c>REPLICAOF</c>, which only redis-server offers outside cluster mode: this test runs on
    /// redis-server, and fails (never skips) where it is not installed.
    /// </summary>
    [Fact]
    public async Task A_read_only_replica_is_one_sentence_and_nothing_is_written()
    {
        await using var primary = await RedisServer.StartAsync(RedisServerKind.Redis);
        await using var replica = await RedisServer.StartAsync(RedisServerKind.Redis);
        await using var primaryConnection = await RedisStateBackend.ConnectAsync(primary.ConnectionString, CancellationToken.None);
        await StateTestSupport.CommitAsyncWith(NewBackend(primaryConnection), Options, doc => doc.Upsert(StateTestSupport.Entry("pkg/Agent/a")));

        await using (var admin = await replica.ConnectAsync())
        {
            await admin.GetDatabase().ExecuteAsync("REPLICAOF", "127.0.0.1", primary.Port);
            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            while (!(await admin.GetDatabase().ExecuteAsync("INFO", "replication")).ToString()!.Contains("master_link_status:up", StringComparison.Ordinal))
            {
                await Task.Delay(100, deadline.Token);
            }
        }

        await using var replicaConnection = await RedisStateBackend.ConnectAsync(replica.ConnectionString, CancellationToken.None);
        var onReplica = NewBackend(replicaConnection);
        Assert.Equal(1, (await onReplica.ReadAsync(CancellationToken.None)).Serial);
        var locking = await Assert.ThrowsAsync<StateBackendUnavailableException>(() => onReplica.LockAsync(Options, CancellationToken.None));
        Assert.Equal($"The state server 127.0.0.1:{replica.Port} is a read-only replica, so lock failed; nothing was written.", locking.Message);

        var state = await NewBackend(primaryConnection).GetStatusAsync(CancellationToken.None);
        Assert.Equal(1, state.State.Serial);
        Assert.Null(state.Lock);
    }

    /// <summary>An out-of-memory server (maxmemory reached, noeviction) refuses the lock script; redis-server only, as above.</summary>
    [Fact]
    public async Task An_out_of_memory_server_is_one_sentence_and_nothing_is_written()
    {
        await using var server = await RedisServer.StartAsync(RedisServerKind.Redis);
        await using var connection = await RedisStateBackend.ConnectAsync(server.ConnectionString, CancellationToken.None);
        var backend = NewBackend(connection);
        await StateTestSupport.CommitAsyncWith(backend, Options, doc => doc.Upsert(StateTestSupport.Entry("pkg/Agent/a")));
        var db = connection.GetDatabase();
        await db.ExecuteAsync("CONFIG", "SET", "maxmemory-policy", "noeviction");
        await db.ExecuteAsync("CONFIG", "SET", "maxmemory", "1");
        try
        {
            var locking = await Assert.ThrowsAsync<StateBackendUnavailableException>(() => backend.LockAsync(Options, CancellationToken.None));
            Assert.Equal($"The state server 127.0.0.1:{server.Port} is out of memory (maxmemory reached), so lock failed; nothing was written.", locking.Message);
        }
        finally
        {
            await db.ExecuteAsync("CONFIG", "SET", "maxmemory", "0");
        }

        var status = await backend.GetStatusAsync(CancellationToken.None);
        Assert.Equal(1, status.State.Serial);
        Assert.Null(status.Lock);
    }
}
