using AgentSpec.Core.State;
using AgentSpec.Core.State.Errors;
using AgentSpec.Core.State.RedisBackend;
using AgentSpec.Core.Tests.State;
using AgentSpec.Testing;
using Microsoft.Extensions.Logging.Testing;
using StackExchange.Redis;

namespace AgentSpec.RedisServerOnly.Tests;

/// <summary>
/// <c>ReplicasToWait</c> (<c>--state-redis-replicas N</c>, docs/state.md "Redis backend", "Durability") against a
/// real primary and a real replica. A replica needs <c>REPLICAOF</c>, which only redis-server offers outside
/// cluster mode: this project runs on redis-server only (docs/testing in DEVELOPERS.md, "Tests that need redis-server"),
/// and fails (never skips) where it is not installed.
/// </summary>
public sealed class RedisStateReplicationTests
{
    private readonly string _workspace = "replication-" + Guid.NewGuid().ToString("N");
    private readonly FakeLogger<RedisStateBackend> _logger = new();

    private static StateLockOptions Options => new() { Operation = "apply", LockTimeout = TimeSpan.FromSeconds(5) };

    private RedisStateBackend NewBackend(IConnectionMultiplexer connection, int replicasToWait = 0) =>
        new(connection, new RedisStateBackendOptions { Workspace = _workspace, ReplicasToWait = replicasToWait, ReplicaTimeout = TimeSpan.FromSeconds(2) }, _logger, TimeProvider.System);

    [Fact]
    public async Task A_commit_waits_for_its_replica_and_one_not_confirmed_says_it_is_on_the_primary_only()
    {
        await using var primary = await RedisServer.StartAsync(RedisServerKind.Redis);
        await using var replica = await RedisServer.StartAsync(RedisServerKind.Redis);
        await ReplicateAsync(replica, primary);
        await using var primaryConnection = await RedisStateBackend.ConnectAsync(primary.ConnectionString, CancellationToken.None);
        await using var replicaConnection = await RedisStateBackend.ConnectAsync(replica.ConnectionString, CancellationToken.None);

        // Confirmed by the one replica required: success, and the replica already holds the new document.
        var committed = await StateTestSupport.CommitAsyncWith(NewBackend(primaryConnection, replicasToWait: 1), Options, doc => doc.Upsert(StateTestSupport.Entry("pkg/Agent/a")));
        Assert.True(committed.Written);
        var onReplica = await NewBackend(replicaConnection).ReadAsync(CancellationToken.None);
        Assert.Equal(1, onReplica.Serial);
        Assert.Equal(StateTestSupport.Snapshot(committed.Document), StateTestSupport.Snapshot(onReplica));

        // Two required, one replica: written on the primary, not confirmed by two.
        var twoRequired = await Assert.ThrowsAsync<StateNotReplicatedException>(
            () => StateTestSupport.CommitAsyncWith(NewBackend(primaryConnection, replicasToWait: 2), Options, doc => doc.Upsert(StateTestSupport.Entry("pkg/Agent/b"))));
        Assert.Equal(2, twoRequired.Serial);
        Assert.InRange(twoRequired.Confirmed, 0, 1);
        Assert.Equal(
            $"The state server 127.0.0.1:{primary.Port} wrote serial 2 on the primary, but only {twoRequired.Confirmed} of the 2 replicas required confirmed it within 2s, so it is not known to survive the loss of the primary.",
            twoRequired.Message);

        // The replica stopped: nobody confirms, the primary holds the write all the same.
        await replica.KillAsync();
        var stopped = await Assert.ThrowsAsync<StateNotReplicatedException>(
            () => StateTestSupport.CommitAsyncWith(NewBackend(primaryConnection, replicasToWait: 1), Options, doc => doc.Upsert(StateTestSupport.Entry("pkg/Agent/c"))));
        Assert.Equal(
            $"The state server 127.0.0.1:{primary.Port} wrote serial 3 on the primary, but only 0 of the 1 replicas required confirmed it within 2s, so it is not known to survive the loss of the primary.",
            stopped.Message);
        Assert.Contains("serial 3 on the primary", stopped.Hint, StringComparison.Ordinal);
        Assert.Contains("--state-redis-replicas", stopped.Hint, StringComparison.Ordinal);

        var onPrimary = await NewBackend(primaryConnection).ReadAsync(CancellationToken.None);
        Assert.Equal(3, onPrimary.Serial);
        Assert.Equal(["pkg/Agent/a", "pkg/Agent/b", "pkg/Agent/c"], onPrimary.Entries.Select(entry => entry.Fqn).Order(StringComparer.Ordinal));
        Assert.Null((await NewBackend(primaryConnection).GetStatusAsync(CancellationToken.None)).Lock);
        Assert.Equal(2, _logger.Collector.GetSnapshot().Count(record => record.Id.Id == 3043));
    }

    private static async Task ReplicateAsync(RedisServer replica, RedisServer primary)
    {
        await using var admin = await replica.ConnectAsync();
        await admin.GetDatabase().ExecuteAsync("REPLICAOF", "127.0.0.1", primary.Port);
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (!(await admin.GetDatabase().ExecuteAsync("INFO", "replication")).ToString()!.Contains("master_link_status:up", StringComparison.Ordinal))
        {
            await Task.Delay(100, deadline.Token);
        }
    }
}
