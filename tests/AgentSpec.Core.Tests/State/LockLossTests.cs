using AgentSpec.Core.State;
using AgentSpec.Core.State.Errors;
using AgentSpec.Core.State.FileBackend;
using AgentSpec.Testing;

namespace AgentSpec.Core.Tests.State;

/// <summary>
/// A fenced commit says what is true: how the lock was lost (forced by an operator, broken as stale, or the
/// state changed under it) and which serial is on disk — never a "newer state" that does not exist.
/// </summary>
public sealed class LockLossTests
{
    [Fact]
    public async Task After_a_forced_unlock_without_a_new_commit_the_error_says_so_and_names_the_serial_on_disk()
    {
        using var directory = new TempDirectory();
        var backend = new FileStateBackend(directory.File("state.json"));
        await StateTestSupport.CommitAsync(backend, doc => doc.Upsert(StateTestSupport.Entry("pkg/Agent/a")));
        await StateTestSupport.CommitAsync(backend, doc => doc.Upsert(StateTestSupport.Entry("pkg/Agent/b")));

        await using var held = await backend.LockAsync(StateTestSupport.QuickLock, CancellationToken.None);
        var document = (await held.LoadAsync(CancellationToken.None)).Document;
        await backend.ForceUnlockAsync(held.Holder.LockId, CancellationToken.None);
        document.Upsert(StateTestSupport.Entry("pkg/Agent/c"));

        var lost = await Assert.ThrowsAsync<StateLockLostException>(() => held.CommitAsync(document, CancellationToken.None));
        Assert.Equal(StateLockLoss.ForceUnlocked, lost.Loss);
        Assert.Equal(2, lost.FoundSerial);
        Assert.Contains("an operator broke it with `agentspec state unlock --force`", lost.Message, StringComparison.Ordinal);
        Assert.Contains("the state on disk still has serial 2", lost.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("newer state", lost.Message, StringComparison.Ordinal);
        Assert.Single(Directory.GetFiles(directory.Path, "state.json.lock.broken-*-forced-*"));
    }

    [Fact]
    public async Task A_holder_broken_as_stale_is_told_so_and_sees_the_newer_serial()
    {
        using var directory = new TempDirectory();
        var backend = new FileStateBackend(directory.File("state.json"));
        await StateTestSupport.CommitAsync(backend, doc => doc.Upsert(StateTestSupport.Entry("pkg/Agent/a")));

        // A holder that renews every 100 s is judged by a waiter that allows 300 ms: it breaks it.
        await using var hung = await backend.LockAsync(StateTestSupport.QuickLock, CancellationToken.None);
        var document = (await hung.LoadAsync(CancellationToken.None)).Document;
        await StateTestSupport.CommitAsyncWith(
            new FileStateBackend(backend.Location),
            new StateLockOptions { LockTimeout = TimeSpan.FromMinutes(2), StaleLockTimeout = TimeSpan.FromMilliseconds(300) },
            doc => doc.Upsert(StateTestSupport.Entry("pkg/Agent/newer")));
        document.Upsert(StateTestSupport.Entry("pkg/Agent/hung"));

        var lost = await Assert.ThrowsAsync<StateLockLostException>(() => hung.CommitAsync(document, CancellationToken.None));
        Assert.Equal(StateLockLoss.BrokenAsStale, lost.Loss);
        Assert.Contains("broke it as stale", lost.Message, StringComparison.Ordinal);
        Assert.Contains("the state on disk now has serial 2 (this command loaded serial 1)", lost.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_state_replaced_behind_the_holders_back_is_reported_as_a_write_without_the_lock()
    {
        using var directory = new TempDirectory();
        var backend = new FileStateBackend(directory.File("state.json"));
        await StateTestSupport.CommitAsync(backend, doc => doc.Upsert(StateTestSupport.Entry("pkg/Agent/a")));
        var first = File.ReadAllBytes(backend.Paths.State);
        await StateTestSupport.CommitAsync(backend, doc => doc.Upsert(StateTestSupport.Entry("pkg/Agent/b")));

        await using var held = await backend.LockAsync(StateTestSupport.QuickLock, CancellationToken.None);
        var document = (await held.LoadAsync(CancellationToken.None)).Document;
        File.WriteAllBytes(backend.Paths.State + ".other", first);
        File.Move(backend.Paths.State + ".other", backend.Paths.State, overwrite: true);
        document.Upsert(StateTestSupport.Entry("pkg/Agent/c"));

        var lost = await Assert.ThrowsAsync<StateLockLostException>(() => held.CommitAsync(document, CancellationToken.None));
        Assert.Equal(StateLockLoss.StateChanged, lost.Loss);
        Assert.Contains("something wrote it without the lock", lost.Message, StringComparison.Ordinal);
        Assert.Contains("the state on disk has serial 1 (this command loaded serial 2)", lost.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_recovery_plan_says_when_there_is_no_current_state_file()
    {
        using var directory = new TempDirectory();
        var backend = new FileStateBackend(directory.File("state.json"));
        await StateTestSupport.CommitAsync(backend, doc => doc.Upsert(StateTestSupport.Entry("pkg/Agent/a")));
        await StateTestSupport.CommitAsync(backend, doc => doc.Upsert(StateTestSupport.Entry("pkg/Agent/b")));
        await using var held = await backend.LockAsync(StateTestSupport.QuickLock, CancellationToken.None);
        Assert.True((await held.PlanRecoveryAsync(StateRecoverySource.Backup, CancellationToken.None)).CurrentExists);
        File.Delete(backend.Paths.State);
        Assert.False((await held.PlanRecoveryAsync(StateRecoverySource.Backup, CancellationToken.None)).CurrentExists);
    }

    [Fact]
    public async Task A_lineage_mismatch_is_refused_with_the_flag_that_allows_it()
    {
        using var directory = new TempDirectory();
        var backend = new FileStateBackend(directory.File("state.json"));
        var other = new FileStateBackend(directory.File("other.json"));
        await StateTestSupport.CommitAsync(backend, doc => doc.Upsert(StateTestSupport.Entry("pkg/Agent/a")));
        await StateTestSupport.CommitAsync(other, doc => doc.Upsert(StateTestSupport.Entry("pkg/Agent/a")));
        await using var held = await backend.LockAsync(StateTestSupport.QuickLock, CancellationToken.None);
        var plan = await held.PlanRecoveryAsync(StateRecoverySource.FromFile(other.Location), CancellationToken.None);

        var refused = Assert.Throws<StateRecoveryRejectedException>(() => plan.EnsureLineageAllowed(allowLineageChange: false));
        Assert.Contains("--allow-lineage-change", refused.Hint, StringComparison.Ordinal);
        Assert.DoesNotContain("--allow-lineage-change", refused.Message, StringComparison.Ordinal);
        plan.EnsureLineageAllowed(allowLineageChange: true);
    }
}
