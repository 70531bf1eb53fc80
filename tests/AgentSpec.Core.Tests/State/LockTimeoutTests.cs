using AgentSpec.Core.State;
using AgentSpec.Core.State.Errors;
using AgentSpec.Core.State.FileBackend;
using AgentSpec.Testing;
using Microsoft.Extensions.Logging.Testing;

namespace AgentSpec.Core.Tests.State;

/// <summary>Acceptance 5: a lock held by another real process times out with a message naming the holder; <c>unlock --force</c> with the right id frees it.</summary>
[Collection(RealProcessTests.Name)]
public sealed class LockTimeoutTests
{
    [Fact]
    public async Task A_held_lock_times_out_naming_pid_host_operation_and_lock_id_and_force_unlock_frees_it()
    {
        using var directory = new TempDirectory();
        var statePath = directory.File(".agentspec.state.json");
        await using var holder = TortureProcess.Start("hold", statePath, "300", "apply");
        var lockId = (await holder.WaitForLineAsync(line => line.StartsWith("LOCKED ", StringComparison.Ordinal))).Split(' ')[1];

        var logger = new FakeLogger();
        var backend = new FileStateBackend(statePath, logger);
        var reports = new List<StateLockWaiting>();
        var options = new StateLockOptions
        {
            Operation = "apply",
            LockTimeout = TimeSpan.FromSeconds(1),
            WaitNoticeDelay = TimeSpan.FromMilliseconds(200),
            WaitProgress = new SynchronousProgress<StateLockWaiting>(reports.Add),
        };
        var error = await Assert.ThrowsAsync<StateLockTimeoutException>(() => backend.LockAsync(options, CancellationToken.None));
        Assert.Equal(holder.Pid, error.HolderPid);
        Assert.Equal(Environment.MachineName, error.HolderHost);
        Assert.Equal("apply", error.HolderOperation);
        Assert.Equal(lockId, error.LockId);
        Assert.NotNull(error.HolderAge);
        foreach (var part in new[] { $"PID {holder.Pid}", Environment.MachineName, "apply", lockId, $"agentspec state unlock --force {lockId}" })
        {
            Assert.Contains(part, error.Message, StringComparison.Ordinal);
        }

        var report = Assert.Single(reports, r => r.Holder is not null);
        Assert.StartsWith($"Waiting for the state lock held by PID {holder.Pid} on {Environment.MachineName} (apply, started ", report.Describe(), StringComparison.Ordinal);
        Assert.Contains($"lock id {lockId}", report.Describe(), StringComparison.Ordinal);
        Assert.Contains(logger.Collector.GetSnapshot(), record => record.Id.Id == 3003);
        Assert.Contains(logger.Collector.GetSnapshot(), record => record.Id.Id == 3006);

        // Zero means fail at once.
        await Assert.ThrowsAsync<StateLockTimeoutException>(() => backend.LockAsync(options with { LockTimeout = TimeSpan.Zero }, CancellationToken.None));

        // Status shows the holder without taking the lock.
        var status = await backend.GetStatusAsync(CancellationToken.None);
        Assert.NotNull(status.Lock);
        Assert.True(status.Lock!.Held);
        Assert.Equal(lockId, status.Lock.Holder!.LockId);

        // A wrong id is refused with the right one named.
        var wrong = await Assert.ThrowsAsync<StateLockIdMismatchException>(() => backend.ForceUnlockAsync("0123456789abcdef", CancellationToken.None));
        Assert.Equal(lockId, wrong.CurrentHolder!.LockId);
        Assert.Contains(lockId, wrong.Message, StringComparison.Ordinal);

        var broken = await backend.ForceUnlockAsync(lockId, CancellationToken.None);
        Assert.Equal(holder.Pid, broken.Pid);
        Assert.Contains(logger.Collector.GetSnapshot(), record => record.Id.Id == 3011);
        var result = await StateTestSupport.CommitAsync(backend, doc => doc.Upsert(StateTestSupport.Entry("pkg/Agent/after-unlock")));
        Assert.Equal(1, result.Serial);

        // The force-unlocked holder can no longer commit.
        await holder.SendAsync("commit");
        Assert.StartsWith("LOST ", await holder.WaitForLineAsync(line => line.StartsWith("LOST ", StringComparison.Ordinal) || line.StartsWith("COMMITTED ", StringComparison.Ordinal)), StringComparison.Ordinal);
        await holder.SendAsync("release");
        await holder.WaitForExitAsync();
        Assert.Equal(1, (await backend.ReadAsync(CancellationToken.None)).Serial);
        Assert.Null((await backend.GetStatusAsync(CancellationToken.None)).Lock);
    }

    [Fact]
    public async Task Force_unlock_of_an_unlocked_state_is_refused()
    {
        using var directory = new TempDirectory();
        var backend = new FileStateBackend(directory.File("state.json"));
        var error = await Assert.ThrowsAsync<StateLockIdMismatchException>(() => backend.ForceUnlockAsync("abc", CancellationToken.None));
        Assert.Null(error.CurrentHolder);
        Assert.Contains("not locked", error.Message, StringComparison.Ordinal);
    }

    private sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
