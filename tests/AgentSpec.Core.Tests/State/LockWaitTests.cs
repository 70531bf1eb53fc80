using AgentSpec.Core.State;
using AgentSpec.Core.State.FileBackend;
using AgentSpec.Testing;

namespace AgentSpec.Core.Tests.State;

/// <summary>
/// A waiter blocks in the kernel (docs/state.md, "Acquiring and waiting"): it is woken when the holder lets
/// go, still reports progress while it waits, and a cancellation abandons the blocked wait cleanly.
/// </summary>
public sealed class LockWaitTests
{
    [Fact]
    public async Task A_waiter_reports_progress_and_takes_the_lock_when_the_holder_releases_it()
    {
        using var directory = new TempDirectory();
        var statePath = directory.File(".agentspec.state.json");
        var holder = await new FileStateBackend(statePath).LockAsync(StateTestSupport.QuickLock, CancellationToken.None);
        var reported = new TaskCompletionSource<StateLockWaiting>(TaskCreationOptions.RunContinuationsAsynchronously);
        var options = StateTestSupport.QuickLock with
        {
            LockTimeout = TimeSpan.FromMinutes(2),
            WaitNoticeDelay = TimeSpan.Zero,
            WaitProgress = new Progress(waiting => reported.TrySetResult(waiting)),
        };

        var waiting = new FileStateBackend(statePath).LockAsync(options, CancellationToken.None);
        var notice = await reported.Task.WaitAsync(TimeSpan.FromMinutes(1));
        Assert.Equal(holder.Holder.LockId, notice.Holder!.LockId);
        Assert.False(waiting.IsCompleted);

        await holder.DisposeAsync();
        await using var next = await waiting.WaitAsync(TimeSpan.FromMinutes(1));
        Assert.NotEqual(holder.Holder.LockId, next.Holder.LockId);
        Assert.True(next.WaitTime > TimeSpan.Zero);
    }

    [Fact]
    public async Task A_cancelled_waiter_abandons_its_blocked_wait_and_never_keeps_the_lock()
    {
        using var directory = new TempDirectory();
        var statePath = directory.File(".agentspec.state.json");
        var holder = await new FileStateBackend(statePath).LockAsync(StateTestSupport.QuickLock, CancellationToken.None);
        using var interrupt = new CancellationTokenSource();
        var reported = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var options = StateTestSupport.QuickLock with
        {
            LockTimeout = TimeSpan.FromMinutes(2),
            WaitNoticeDelay = TimeSpan.Zero,
            WaitProgress = new Progress(_ => reported.TrySetResult()),
        };

        var waiting = new FileStateBackend(statePath).LockAsync(options, interrupt.Token);
        await reported.Task.WaitAsync(TimeSpan.FromMinutes(1));
        await interrupt.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting.WaitAsync(TimeSpan.FromMinutes(1)));

        // The abandoned wait is granted the lock when the holder lets go, and drops it at once.
        await holder.DisposeAsync();
        var result = await StateTestSupport.CommitAsync(new FileStateBackend(statePath), doc => doc.Upsert(StateTestSupport.Entry("pkg/Agent/a")));
        Assert.Equal(1, result.Serial);
        await using var again = await new FileStateBackend(statePath).LockAsync(StateTestSupport.QuickLock, CancellationToken.None);
    }

    private sealed class Progress(Action<StateLockWaiting> report) : IProgress<StateLockWaiting>
    {
        public void Report(StateLockWaiting value) => report(value);
    }
}
