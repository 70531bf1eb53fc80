using System.Globalization;
using AgentSpec.Core.State;
using AgentSpec.Core.State.Errors;
using AgentSpec.Core.State.FileBackend;
using AgentSpec.Testing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;

namespace AgentSpec.Core.Tests.State;

/// <summary>Acceptance 4 (SC-004): stale locks from dead and hung holders, and healthy holders that must never be broken.</summary>
[Collection(RealProcessTests.Name)]
public sealed class StaleLockTests
{
    [Fact]
    public async Task Holder_information_left_by_a_killed_process_is_recovered_with_a_warning_naming_pid_age_and_host()
    {
        using var directory = new TempDirectory();
        var statePath = directory.File(".agentspec.state.json");
        int deadPid;
        await using (var holder = TortureProcess.Start("hold", statePath, "300", "apply"))
        {
            await holder.WaitForLineAsync(line => line.StartsWith("LOCKED ", StringComparison.Ordinal));
            deadPid = holder.Pid;
            await holder.KillAsync();
        }

        Assert.True(File.Exists(statePath + ".lock.info"));
        var logger = new FakeLogger();
        var backend = new FileStateBackend(statePath, logger);
        var result = await StateTestSupport.CommitAsync(backend, doc => doc.Upsert(StateTestSupport.Entry("pkg/Agent/a")));
        Assert.Equal(1, result.Serial);

        var warning = Assert.Single(logger.Collector.GetSnapshot(), record => record.Id.Id == 3004);
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.Contains("Stale lock recovered", warning.Message, StringComparison.Ordinal);
        Assert.Equal(deadPid.ToString(CultureInfo.InvariantCulture), warning.GetStructuredStateValue("stale_pid"));
        Assert.Equal(Environment.MachineName, warning.GetStructuredStateValue("stale_host"));
        Assert.NotNull(warning.GetStructuredStateValue("stale_age"));
    }

    [Fact]
    public async Task A_sigstopped_holder_is_broken_after_the_stale_timeout_and_its_commit_is_refused_when_it_resumes()
    {
        using var directory = new TempDirectory();
        var statePath = directory.File(".agentspec.state.json");
        var backend = new FileStateBackend(statePath);
        await StateTestSupport.CommitAsync(backend, doc => doc.Upsert(StateTestSupport.Entry("pkg/Agent/before")));

        await using var holder = TortureProcess.Start("hold", statePath, "2", "apply");
        var locked = await holder.WaitForLineAsync(line => line.StartsWith("LOCKED ", StringComparison.Ordinal));
        var holderLockId = locked.Split(' ')[1];
        holder.Signal(TortureProcess.SIGSTOP);

        var logger = new FakeLogger();
        var waiter = new FileStateBackend(statePath, logger);
        var options = new StateLockOptions { Operation = "apply", LockTimeout = TimeSpan.FromMinutes(2), StaleLockTimeout = TimeSpan.FromSeconds(2) };
        long newerSerial;
        await using (var held = await waiter.LockAsync(options, CancellationToken.None))
        {
            var document = (await held.LoadAsync(CancellationToken.None)).Document;
            document.Upsert(StateTestSupport.Entry("pkg/Agent/newer"));
            newerSerial = (await held.CommitAsync(document, CancellationToken.None)).Serial;
        }

        var broken = Assert.Single(logger.Collector.GetSnapshot(), record => record.Id.Id == 3005);
        Assert.Equal(LogLevel.Warning, broken.Level);
        Assert.Equal(holder.Pid.ToString(CultureInfo.InvariantCulture), broken.GetStructuredStateValue("stale_pid"));
        Assert.Equal(holderLockId, broken.GetStructuredStateValue("stale_lock_id"));
        var newerBytes = File.ReadAllBytes(statePath);

        holder.Signal(TortureProcess.SIGCONT);
        await holder.SendAsync("commit");
        var answer = await holder.WaitForLineAsync(line => line.StartsWith("LOST ", StringComparison.Ordinal) || line.StartsWith("COMMITTED ", StringComparison.Ordinal));
        Assert.StartsWith("LOST ", answer, StringComparison.Ordinal);
        Assert.Contains("Lost the state lock", answer, StringComparison.Ordinal);
        await holder.SendAsync("release");
        await holder.WaitForLineAsync(line => line == "RELEASED");
        await holder.WaitForExitAsync();

        // The newer state is intact, and the broken holder's release did not remove anyone's lock.
        Assert.Equal(newerBytes, File.ReadAllBytes(statePath));
        var state = await backend.ReadAsync(CancellationToken.None);
        Assert.Equal(newerSerial, state.Serial);
        Assert.NotNull(state.Find("pkg/Agent/newer"));
        Assert.True(File.Exists(statePath + ".lock"));
        Assert.Empty(StateTestSupport.TempFiles(directory.Path));

        // The lock file renamed aside is removed by the next holder once nobody holds it.
        await StateTestSupport.LoadAsync(backend);
        Assert.Empty(Directory.GetFiles(directory.Path, ".agentspec.state.json.lock.broken-*"));
    }

    [Fact]
    public async Task A_healthy_holder_in_another_process_renewing_its_lease_is_not_broken()
    {
        using var directory = new TempDirectory();
        var statePath = directory.File(".agentspec.state.json");
        await using var holder = TortureProcess.Start("hold", statePath, "6", "apply");
        var locked = await holder.WaitForLineAsync(line => line.StartsWith("LOCKED ", StringComparison.Ordinal));

        // The waiter waits three stale timeouts; the holder renews every third of one.
        var logger = new FakeLogger();
        var waiter = new FileStateBackend(statePath, logger);
        var options = new StateLockOptions { LockTimeout = TimeSpan.FromSeconds(15), StaleLockTimeout = TimeSpan.FromSeconds(6) };
        var timeout = await Assert.ThrowsAsync<StateLockTimeoutException>(() => waiter.LockAsync(options, CancellationToken.None));
        Assert.Equal(holder.Pid, timeout.HolderPid);
        Assert.Equal(locked.Split(' ')[1], timeout.LockId);
        Assert.DoesNotContain(logger.Collector.GetSnapshot(), record => record.Id.Id == 3005);

        await holder.SendAsync("commit");
        Assert.StartsWith("COMMITTED ", await holder.WaitForLineAsync(line => line.StartsWith("LOST ", StringComparison.Ordinal) || line.StartsWith("COMMITTED ", StringComparison.Ordinal)), StringComparison.Ordinal);
        await holder.SendAsync("release");
        await holder.WaitForExitAsync();
    }

    [Fact]
    public async Task A_healthy_holder_is_never_broken_however_long_it_runs()
    {
        using var directory = new TempDirectory();
        var statePath = directory.File(".agentspec.state.json");
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 25, 8, 0, 0, TimeSpan.Zero));
        var staleTimeout = TimeSpan.FromMinutes(5);
        var holderBackend = new FileStateBackend(statePath, timeProvider: time);
        await using var held = await holderBackend.LockAsync(new StateLockOptions { StaleLockTimeout = staleTimeout }, CancellationToken.None);
        var document = (await held.LoadAsync(CancellationToken.None)).Document;

        // A waiter with a ten-hour lock timeout watches the holder for ten hours of (fake) time.
        var logger = new FakeLogger();
        var waiterBackend = new FileStateBackend(statePath, logger, time);
        var waiting = waiterBackend.LockAsync(new StateLockOptions { LockTimeout = TimeSpan.FromHours(10), StaleLockTimeout = staleTimeout }, CancellationToken.None);
        var steps = 0;
        while (!waiting.IsCompleted)
        {
            time.Advance(TimeSpan.FromSeconds(20));
            steps++;
            if (steps % 45 == 0)
            {
                // Long applies checkpoint now and then; the holder stays the owner.
                document.Upsert(StateTestSupport.Entry("pkg/Agent/checkpoint", "sha256:" + steps.ToString(CultureInfo.InvariantCulture)));
                Assert.True((await held.CommitAsync(document, CancellationToken.None)).Written);
            }

            await Task.Delay(1);
            Assert.True(steps < 5000, "the waiter neither timed out nor acquired");
        }

        var timeout = await Assert.ThrowsAsync<StateLockTimeoutException>(() => waiting);
        Assert.Equal(held.Holder.LockId, timeout.LockId);
        Assert.True(timeout.HolderAge >= TimeSpan.FromHours(10));
        Assert.DoesNotContain(logger.Collector.GetSnapshot(), record => record.Id.Id is 3004 or 3005);
        document.Upsert(StateTestSupport.Entry("pkg/Agent/final"));
        Assert.True((await held.CommitAsync(document, CancellationToken.None)).Written);
    }
}
