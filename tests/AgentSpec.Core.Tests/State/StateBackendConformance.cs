using System.Globalization;
using System.Text.Json;
using AgentSpec.Core.State;
using AgentSpec.Core.State.Errors;

namespace AgentSpec.Core.Tests.State;

/// <summary>
/// What every state backend must do (Terraform's statemgr conformance idea): derive a class, say how to
/// create an empty backend and how to open a second handle on the same state, and every test here runs
/// against it.
/// </summary>
public abstract class StateBackendConformance : IDisposable
{
    private bool _disposed;

    /// <summary>A backend on a fresh, empty location.</summary>
    protected abstract IStateBackend CreateBackend();

    /// <summary>A second, independent handle on the same location (as another process would open it).</summary>
    protected abstract IStateBackend OpenAgain(IStateBackend backend);

    protected static StateLockOptions Options => new() { Operation = "conformance", LockTimeout = TimeSpan.FromSeconds(60) };

    [Fact]
    public async Task A_state_that_was_never_written_reads_as_empty()
    {
        var backend = CreateBackend();
        var state = await backend.ReadAsync(CancellationToken.None);
        Assert.True(state.IsEmpty);
        await using var held = await backend.LockAsync(Options, CancellationToken.None);
        Assert.True((await held.LoadAsync(CancellationToken.None)).Document.IsEmpty);
    }

    [Fact]
    public async Task A_commit_is_visible_to_readers_and_to_the_next_holder()
    {
        var backend = CreateBackend();
        await StateTestSupport.CommitAsyncWith(backend, Options, doc => doc.Upsert(StateTestSupport.Entry("pkg/Agent/a", "sha256:aa")));
        var other = OpenAgain(backend);
        Assert.Equal("sha256:aa", (await other.ReadAsync(CancellationToken.None)).Find("pkg/Agent/a")!.Hash);
        await using var held = await other.LockAsync(Options, CancellationToken.None);
        var loaded = await held.LoadAsync(CancellationToken.None);
        Assert.Equal(1, loaded.Document.Serial);
        Assert.Equal(StateDocument.CurrentVersion, loaded.Document.Version);
    }

    [Fact]
    public async Task Serial_grows_by_one_per_change_lineage_stays_and_identical_commits_write_nothing()
    {
        var backend = CreateBackend();
        var first = await StateTestSupport.CommitAsyncWith(backend, Options, doc => doc.Upsert(StateTestSupport.Entry("pkg/Agent/a")));
        var same = await StateTestSupport.CommitAsyncWith(backend, Options, doc => doc.Upsert(StateTestSupport.Entry("pkg/Agent/a")));
        var second = await StateTestSupport.CommitAsyncWith(backend, Options, doc => doc.Remove("pkg/Agent/a"));
        Assert.Equal(1, first.Serial);
        Assert.False(same.Written);
        Assert.Equal(1, same.Serial);
        Assert.Equal(2, second.Serial);
        Assert.Equal(first.Document.Lineage, second.Document.Lineage);
        Assert.True(Guid.TryParse(first.Document.Lineage, out _));
    }

    [Fact]
    public async Task Unknown_fields_survive_a_round_trip()
    {
        var backend = CreateBackend();
        await StateTestSupport.CommitAsyncWith(backend, Options, doc =>
        {
            doc.Extra = new Dictionary<string, JsonElement>(StringComparer.Ordinal) { ["budgets"] = JsonDocument.Parse("{\"usd\":5}").RootElement.Clone() };
            var entry = StateTestSupport.Entry("pkg/Agent/a");
            entry.Extra = new Dictionary<string, JsonElement>(StringComparer.Ordinal) { ["orphaned_at"] = JsonDocument.Parse("\"0001-01-01T00:00:00Z\"").RootElement.Clone() };
            doc.Upsert(entry);
        });
        await StateTestSupport.CommitAsyncWith(backend, Options, doc => doc.Upsert(StateTestSupport.Entry("pkg/Agent/b")));
        var state = await OpenAgain(backend).ReadAsync(CancellationToken.None);
        Assert.Equal(5, state.Extra!["budgets"].GetProperty("usd").GetInt32());
        Assert.Equal("0001-01-01T00:00:00Z", state.Find("pkg/Agent/a")!.Extra!["orphaned_at"].GetString());
    }

    [Fact]
    public async Task The_lock_is_exclusive_names_its_holder_and_is_released_on_dispose()
    {
        var backend = CreateBackend();
        var other = OpenAgain(backend);
        var held = await backend.LockAsync(Options with { Operation = "destroy" }, CancellationToken.None);
        var error = await Assert.ThrowsAsync<StateLockTimeoutException>(() => other.LockAsync(Options with { LockTimeout = TimeSpan.Zero }, CancellationToken.None));
        Assert.Equal(held.Holder.LockId, error.LockId);
        Assert.Equal("destroy", error.HolderOperation);
        Assert.Equal(Environment.ProcessId, error.HolderPid);
        await held.DisposeAsync();
        await using var next = await other.LockAsync(Options with { LockTimeout = TimeSpan.Zero }, CancellationToken.None);
        Assert.NotEqual(held.Holder.LockId, next.Holder.LockId);
    }

    [Fact]
    public async Task Commit_needs_a_load_first()
    {
        var backend = CreateBackend();
        await using var held = await backend.LockAsync(Options, CancellationToken.None);
        await Assert.ThrowsAsync<InvalidOperationException>(() => held.CommitAsync(StateDocument.Empty(), CancellationToken.None));
    }

    [Fact]
    public async Task Concurrent_lockers_serialise_and_no_update_is_lost()
    {
        var backend = CreateBackend();
        const int writers = 8;
        await Task.WhenAll(Enumerable.Range(0, writers).Select(i => Task.Run(() =>
            StateTestSupport.CommitAsyncWith(OpenAgain(backend), Options, doc =>
                doc.Upsert(StateTestSupport.Entry(string.Create(CultureInfo.InvariantCulture, $"pkg{i}/Agent/a")))))));
        var state = await backend.ReadAsync(CancellationToken.None);
        Assert.Equal(writers, state.Serial);
        Assert.Equal(writers, state.Entries.Count);
    }

    [Fact]
    public async Task A_force_unlocked_holder_is_fenced_and_the_newer_state_survives()
    {
        var backend = CreateBackend();
        await StateTestSupport.CommitAsyncWith(backend, Options, doc => doc.Upsert(StateTestSupport.Entry("pkg/Agent/a")));
        var stale = await backend.LockAsync(Options, CancellationToken.None);
        var staleDocument = (await stale.LoadAsync(CancellationToken.None)).Document;

        var other = OpenAgain(backend);
        await other.ForceUnlockAsync(stale.Holder.LockId, CancellationToken.None);
        var newer = await StateTestSupport.CommitAsyncWith(other, Options, doc => doc.Upsert(StateTestSupport.Entry("pkg/Agent/newer")));

        staleDocument.Upsert(StateTestSupport.Entry("pkg/Agent/stale"));
        var lost = await Assert.ThrowsAsync<StateLockLostException>(() => stale.CommitAsync(staleDocument, CancellationToken.None));
        Assert.Equal(1, lost.ExpectedSerial);
        Assert.Contains("Lost the state lock", lost.Message, StringComparison.Ordinal);
        await stale.DisposeAsync();

        var state = await backend.ReadAsync(CancellationToken.None);
        Assert.Equal(newer.Serial, state.Serial);
        Assert.Null(state.Find("pkg/Agent/stale"));
        await using var again = await backend.LockAsync(Options with { LockTimeout = TimeSpan.Zero }, CancellationToken.None);
    }

    [Fact]
    public async Task Status_and_verify_describe_the_state_and_the_holder_without_locking()
    {
        var backend = CreateBackend();
        await StateTestSupport.CommitAsyncWith(backend, Options, doc => doc.Upsert(StateTestSupport.Entry("pkg/Agent/a")));
        await StateTestSupport.CommitAsyncWith(backend, Options, doc =>
        {
            doc.Upsert(StateTestSupport.Entry("pkg/Agent/b", status: StateEntryStatus.Failed));
            doc.Upsert(StateTestSupport.Entry("pkg/Agent/c", status: StateEntryStatus.Pending));
        });
        await using var held = await backend.LockAsync(Options with { Operation = "apply" }, CancellationToken.None);
        var status = await OpenAgain(backend).GetStatusAsync(CancellationToken.None);
        Assert.Equal(2, status.State.Serial);
        Assert.Equal("2", status.State.Version);
        Assert.True(status.State.Valid);
        Assert.NotNull(status.State.LastWrite);
        Assert.Equal(1, status.CountsByStatus[StateEntryStatus.Applied]);
        Assert.Equal(1, status.CountsByStatus[StateEntryStatus.Failed]);
        Assert.Equal(1, status.CountsByStatus[StateEntryStatus.Pending]);
        Assert.Equal(1, status.Backup.Serial);
        Assert.True(status.Backup.Valid);
        Assert.NotNull(status.Lock);
        Assert.Equal(held.Holder.LockId, status.Lock!.Holder!.LockId);
        Assert.True(status.Lock.Held);
        Assert.True((await backend.VerifyAsync(CancellationToken.None)).IsHealthy);
    }

    public void Dispose()
    {
        if (!_disposed)
        {
            _disposed = true;
            Dispose(true);
            GC.SuppressFinalize(this);
        }
    }

    protected virtual void Dispose(bool disposing)
    {
    }
}
