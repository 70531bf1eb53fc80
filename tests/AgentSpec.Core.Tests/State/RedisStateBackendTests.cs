using System.Diagnostics;
using AgentSpec.Core.State;
using AgentSpec.Core.State.Errors;
using AgentSpec.Core.State.RedisBackend;
using AgentSpec.Core.Telemetry;
using AgentSpec.Core.Tests.Sessions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using StackExchange.Redis;

namespace AgentSpec.Core.Tests.State;

/// <summary>What the Redis backend does beyond the conformance suite: damage and generations, recovery by serial, telemetry (docs/state.md, "Redis backend").</summary>
public sealed class RedisStateBackendTests : IClassFixture<RedisServerFixture>
{
    private readonly RedisServerFixture _redis;
    private readonly string _workspace = "test-" + Guid.NewGuid().ToString("N");
    private readonly FakeLogger<RedisStateBackend> _logger = new();

    public RedisStateBackendTests(RedisServerFixture redis) => _redis = redis;

    private IDatabase Db => _redis.Connection.GetDatabase();

    private string DocumentKey => $"agentspec:state:{{{_workspace}}}";

    private RedisStateBackend NewBackend(int generationsKept = 10) =>
        new(_redis.Connection, new RedisStateBackendOptions { Workspace = _workspace, GenerationsKept = generationsKept }, _logger, TimeProvider.System);

    private static StateLockOptions Options => StateTestSupport.QuickLock;

    [Fact]
    public async Task The_location_names_the_server_and_the_workspace_key_without_a_password()
    {
        var backend = NewBackend();
        Assert.Equal($"redis://127.0.0.1:{_redis.Server.Port}/{DocumentKey}", backend.Location);
    }

    [Fact]
    public async Task The_document_hash_holds_the_same_bytes_as_a_state_file_and_its_fence_fields()
    {
        var backend = NewBackend();
        var committed = await StateTestSupport.CommitAsyncWith(backend, Options, doc => doc.Upsert(StateTestSupport.Entry("pkg/Agent/a")));
        var fields = (await Db.HashGetAllAsync(DocumentKey)).ToDictionary(f => (string)f.Name!, f => (string)f.Value!);
        Assert.Equal("1", fields["serial"]);
        Assert.Equal(committed.Document.Lineage, fields["lineage"]);
        Assert.Equal(committed.Document.Checksum, fields["checksum"]);
        Assert.EndsWith("\n", fields["content"], StringComparison.Ordinal);
        Assert.Contains("\"checksum\":\"" + committed.Document.Checksum + "\"", fields["content"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_damaged_document_is_quarantined_and_the_newest_valid_generation_restored_under_the_lock()
    {
        var backend = NewBackend();
        for (var i = 0; i < 3; i++)
        {
            var fqn = $"pkg/Agent/a{i}";
            await StateTestSupport.CommitAsyncWith(backend, Options, doc => doc.Upsert(StateTestSupport.Entry(fqn)));
        }

        await Db.HashSetAsync(DocumentKey, "content", "{\"version\":\"2\",\"serial\":3,\"entr");

        // An unlocked read falls back to the newest valid generation and warns; nothing is changed.
        var read = await backend.ReadAsync(CancellationToken.None);
        Assert.Equal(2, read.Serial);
        Assert.Contains(_logger.Collector.GetSnapshot(), r => r.Id.Id == 3015);
        Assert.Equal("{\"version\":\"2\",\"serial\":3,\"entr", (string?)await Db.HashGetAsync(DocumentKey, "content"));

        await using (var held = await backend.LockAsync(Options, CancellationToken.None))
        {
            var loaded = await held.LoadAsync(CancellationToken.None);
            Assert.NotNull(loaded.Recovery);
            Assert.Equal(2, loaded.Recovery!.RestoredSerial);
            Assert.Equal(4, loaded.Document.Serial);
            Assert.Equal(4, loaded.Recovery.CommittedSerial);
            Assert.Equal(2, loaded.Document.Entries.Count);

            // The damaged document is kept, never deleted.
            var quarantineKey = loaded.Recovery.QuarantinedAs[(loaded.Recovery.QuarantinedAs.IndexOf("/agentspec:", StringComparison.Ordinal) + 1)..];
            Assert.StartsWith(DocumentKey + ":quarantine:", quarantineKey, StringComparison.Ordinal);
            Assert.Equal("{\"version\":\"2\",\"serial\":3,\"entr", (string?)await Db.HashGetAsync(quarantineKey, "content"));
        }

        Assert.Contains(_logger.Collector.GetSnapshot(), r => r.Id.Id == 3007 && r.Level == LogLevel.Error);
        Assert.Contains(_logger.Collector.GetSnapshot(), r => r.Id.Id == 3008);
        var after = await NewBackend().VerifyAsync(CancellationToken.None);
        Assert.True(after.IsHealthy);
        Assert.Equal(4, after.State.Serial);
    }

    [Fact]
    public async Task A_damaged_newest_generation_beside_a_valid_document_is_quarantined_and_dropped_under_the_lock()
    {
        var backend = NewBackend();
        for (var i = 0; i < 3; i++)
        {
            var fqn = $"pkg/Agent/a{i}";
            await StateTestSupport.CommitAsyncWith(backend, Options, doc => doc.Upsert(StateTestSupport.Entry(fqn)));
        }

        var generationsKey = DocumentKey + ":generations";
        var intact = (string)(await Db.ListGetByIndexAsync(generationsKey, 0))!;
        var damaged = intact.Replace("pkg/Agent/a0", "pkg/Agent/zz", StringComparison.Ordinal);
        Assert.NotEqual(intact, damaged);
        await Db.ListSetByIndexAsync(generationsKey, 0, damaged);
        var before = await backend.VerifyAsync(CancellationToken.None);
        Assert.True(before.Backup.IsDamaged);
        Assert.False(before.State.IsDamaged);

        await using (var held = await backend.LockAsync(Options, CancellationToken.None))
        {
            var loaded = await held.LoadAsync(CancellationToken.None);
            Assert.Null(loaded.Recovery);
            Assert.Equal(3, loaded.Document.Serial);
        }

        // Kept under a quarantine key, byte for byte, and no longer in the generations.
        var quarantined = (RedisResult[])(await Db.ExecuteAsync("KEYS", DocumentKey + ":quarantine:*"))!;
        var quarantineKey = (string)Assert.Single(quarantined)!;
        Assert.Equal(damaged, (string?)await Db.StringGetAsync(quarantineKey));
        var warning = Assert.Single(_logger.Collector.GetSnapshot(), r => r.Id.Id == 3044);
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.Contains($"it was kept as redis://127.0.0.1:{_redis.Server.Port}/{quarantineKey}", warning.Message, StringComparison.Ordinal);
        Assert.Contains("(serial 3)", warning.Message, StringComparison.Ordinal);

        var history = await backend.ListGenerationsAsync(CancellationToken.None);
        var kept = Assert.Single(history);
        Assert.True(kept.Valid);
        Assert.Equal(1, kept.Serial);
        var after = await backend.VerifyAsync(CancellationToken.None);
        Assert.True(after.IsHealthy);
        Assert.Equal(3, after.State.Serial);
        Assert.Equal(1, after.Backup.Serial);

        // Repaired once: the next load finds nothing to set aside, and the state carries on committing.
        var next = await StateTestSupport.CommitAsyncWith(backend, Options, doc => doc.Upsert(StateTestSupport.Entry("pkg/Agent/a3")));
        Assert.Equal(4, next.Serial);
        Assert.Single(_logger.Collector.GetSnapshot(), r => r.Id.Id == 3044);
        Assert.Equal([3L, 1L], (await backend.ListGenerationsAsync(CancellationToken.None)).Select(g => g.Serial ?? -1));
    }

    [Fact]
    public async Task A_damaged_document_without_a_valid_generation_is_left_in_place_and_reported()
    {
        var backend = NewBackend();
        await StateTestSupport.CommitAsyncWith(backend, Options, doc => doc.Upsert(StateTestSupport.Entry("pkg/Agent/a")));
        await Db.HashSetAsync(DocumentKey, "content", "not json");

        await using var held = await backend.LockAsync(Options, CancellationToken.None);
        var error = await Assert.ThrowsAsync<StateCorruptedException>(() => held.LoadAsync(CancellationToken.None));
        Assert.Equal(StateFileCondition.Missing, error.BackupCondition);
        Assert.Equal("not json", (string?)await Db.HashGetAsync(DocumentKey, "content"));
        await Assert.ThrowsAsync<StateCorruptedException>(() => backend.ReadAsync(CancellationToken.None));
        Assert.True((await backend.VerifyAsync(CancellationToken.None)).NeedsRecovery);
    }

    [Fact]
    public async Task Hash_fields_that_disagree_with_the_document_are_damage()
    {
        var backend = NewBackend();
        await StateTestSupport.CommitAsyncWith(backend, Options, doc => doc.Upsert(StateTestSupport.Entry("pkg/Agent/a")));
        await Db.HashSetAsync(DocumentKey, "serial", "7");
        var verification = await backend.VerifyAsync(CancellationToken.None);
        Assert.True(verification.State.IsDamaged);
        Assert.Contains("disagree", verification.State.Problem, StringComparison.Ordinal);
        Assert.Equal(7, verification.State.Serial);
    }

    [Fact]
    public async Task A_deleted_document_with_generations_left_is_not_silently_empty()
    {
        var backend = NewBackend();
        await StateTestSupport.CommitAsyncWith(backend, Options, doc => doc.Upsert(StateTestSupport.Entry("pkg/Agent/a")));
        await StateTestSupport.CommitAsyncWith(backend, Options, doc => doc.Upsert(StateTestSupport.Entry("pkg/Agent/b")));
        await Db.KeyDeleteAsync(DocumentKey);
        var error = await Assert.ThrowsAsync<StateMissingException>(() => backend.ReadAsync(CancellationToken.None));
        Assert.Equal(1, error.BackupSerial);
    }

    [Fact]
    public async Task Generations_are_trimmed_and_any_kept_serial_can_be_recovered()
    {
        var backend = NewBackend(generationsKept: 3);
        for (var i = 1; i <= 6; i++)
        {
            var fqn = $"pkg/Agent/a{i}";
            await StateTestSupport.CommitAsyncWith(backend, Options, doc => doc.Upsert(StateTestSupport.Entry(fqn)));
        }

        var kept = await backend.ListGenerationsAsync(CancellationToken.None);
        Assert.Equal([5L, 4L, 3L], kept.Select(g => g.Serial!.Value));
        Assert.All(kept, g => Assert.True(g.Valid));

        await using var held = await backend.LockAsync(Options with { Operation = "state recover" }, CancellationToken.None);
        await held.LoadAsync(CancellationToken.None);
        await Assert.ThrowsAsync<StateRecoveryRejectedException>(() => held.PlanRecoveryAsync(StateRecoverySource.FromSerial(1), CancellationToken.None));
        var plan = await held.PlanRecoveryAsync(StateRecoverySource.FromSerial(4), CancellationToken.None);
        Assert.Equal(7, plan.NewSerial);
        Assert.Equal(["pkg/Agent/a5", "pkg/Agent/a6"], plan.Lost.Select(c => c.Fqn));
        var recovered = await held.RecoverAsync(plan, allowLineageChange: false, CancellationToken.None);
        Assert.Equal(7, recovered.Serial);
        var state = await NewBackend().ReadAsync(CancellationToken.None);
        Assert.Equal(7, state.Serial);
        Assert.Equal(4, state.Entries.Count);
        Assert.Equal([6L, 5L, 4L], (await backend.ListGenerationsAsync(CancellationToken.None)).Select(g => g.Serial!.Value));
        Assert.Contains(_logger.Collector.GetSnapshot(), r => r.Id.Id == 3017);
    }

    [Fact]
    public async Task A_lease_that_ran_out_while_nobody_took_the_lock_is_taken_back_by_the_commit()
    {
        var backend = NewBackend();
        await using var held = await backend.LockAsync(Options, CancellationToken.None);
        var document = (await held.LoadAsync(CancellationToken.None)).Document;

        // What a lease running out looks like on the server (a slow holder on a loaded machine): the lock key is gone, the holder record stays.
        await Db.KeyDeleteAsync(DocumentKey + ":lock");
        document.Upsert(StateTestSupport.Entry("pkg/Agent/a"));
        var committed = await held.CommitAsync(document, CancellationToken.None);
        Assert.Equal(1, committed.Serial);
        Assert.Equal(held.Holder.LockId, (string?)await Db.StringGetAsync(DocumentKey + ":lock"));
        await Assert.ThrowsAsync<StateLockTimeoutException>(() => NewBackend().LockAsync(Options with { LockTimeout = TimeSpan.Zero }, CancellationToken.None));
    }

    [Fact]
    public async Task Force_unlock_of_another_id_is_refused_and_the_holder_keeps_the_lock()
    {
        var backend = NewBackend();
        await using var held = await backend.LockAsync(Options, CancellationToken.None);
        var error = await Assert.ThrowsAsync<StateLockIdMismatchException>(() => NewBackend().ForceUnlockAsync("not-the-id", CancellationToken.None));
        Assert.Equal(held.Holder.LockId, error.CurrentHolder!.LockId);
        await held.LoadAsync(CancellationToken.None);
        Assert.True((await held.CommitAsync(new StateDocument { Entries = [StateTestSupport.Entry("pkg/Agent/a")] }, CancellationToken.None)).Written);
    }

    [Fact]
    public async Task Spans_and_metrics_carry_the_backend_and_the_workspace()
    {
        var spans = new List<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == AgentSpecTelemetry.StateSourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                lock (spans)
                {
                    spans.Add(activity);
                }
            },
        };
        ActivitySource.AddActivityListener(listener);
        using var commits = new Microsoft.Extensions.Diagnostics.Metrics.Testing.MetricCollector<double>(null, AgentSpecTelemetry.StateSourceName, StateTelemetry.CommitDurationName);

        await StateTestSupport.CommitAsyncWith(NewBackend(), Options, doc => doc.Upsert(StateTestSupport.Entry("pkg/Agent/a")));

        List<Activity> ours;
        lock (spans)
        {
            ours = spans.Where(s => (string?)s.GetTagItem(StateTelemetry.WorkspaceTag) == _workspace).ToList();
        }

        Assert.Equal(
            [StateTelemetry.CommitSpan, StateTelemetry.LoadSpan, StateTelemetry.LockAcquireSpan],
            ours.Select(s => s.OperationName).Distinct().Order(StringComparer.Ordinal));
        Assert.All(ours, s => Assert.Equal("redis", s.GetTagItem(StateTelemetry.BackendTag)));

        // The release script (compare-and-delete, then PUBLISH to wake waiters) ran without error.
        Assert.DoesNotContain(_logger.Collector.GetSnapshot(), r => r.Id.Id == 3041);
        Assert.Contains(_logger.Collector.GetSnapshot(), r => r.Id.Id == 3002);
        Assert.Contains(commits.GetMeasurementSnapshot(), m => m.Tags.TryGetValue(StateTelemetry.WorkspaceTag, out var workspace) && (string?)workspace == _workspace && (string?)m.Tags[StateTelemetry.BackendTag] == "redis");
    }
}
