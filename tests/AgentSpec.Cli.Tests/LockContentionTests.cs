using System.Diagnostics;
using AgentSpec.Core.State;
using AgentSpec.Core.State.Errors;
using AgentSpec.Core.State.FileBackend;
using AgentSpec.Testing;

namespace AgentSpec.Cli.Tests;

/// <summary>The state lock as the CLI user sees it: waiting, timing out (exit 3) and force unlock.</summary>
public sealed class LockContentionTests
{
    [Fact]
    public async Task A_held_lock_times_out_with_exit_3_naming_the_holder_and_force_unlock_frees_it()
    {
        using var dir = new TempDirectory();
        var package = Packages.Write(dir.Path, "demo.ias", Packages.RecordOnly("demo"));
        var backend = new FileStateBackend(dir.File(".agentspec.state.json"));
        var held = await backend.LockAsync(new StateLockOptions { Operation = "apply" }, CancellationToken.None);
        try
        {
            await held.LoadAsync(CancellationToken.None);
            var lockId = held.Holder.LockId;

            var timedOut = await AgentSpecProcess.RunAsync(dir.Path, null, "apply", package, "--auto-approve", "--lock-timeout", "1s");

            Assert.True(timedOut.ExitCode == 3, timedOut.ToString());
            Assert.Contains($"PID {Environment.ProcessId}", timedOut.Stderr, StringComparison.Ordinal);
            Assert.Contains(Environment.MachineName, timedOut.Stderr, StringComparison.Ordinal);
            Assert.Contains("apply", timedOut.Stderr, StringComparison.Ordinal);
            Assert.Contains(lockId, timedOut.Stderr, StringComparison.Ordinal);
            Assert.Contains($"agentspec state unlock --force {lockId}", timedOut.Stderr, StringComparison.Ordinal);
            Assert.Contains("Waiting for the state lock held by PID", timedOut.Stderr, StringComparison.Ordinal);

            var wrongId = await AgentSpecProcess.RunAsync(dir.Path, null, "state", "unlock", "--force", "not-the-id");
            Assert.Equal(1, wrongId.ExitCode);

            var status = await AgentSpecProcess.RunAsync(dir.Path, null, "state", "status");
            Assert.Contains(lockId, status.Stdout, StringComparison.Ordinal);

            var unlock = await AgentSpecProcess.RunAsync(dir.Path, null, "state", "unlock", "--force", lockId);
            Assert.True(unlock.ExitCode == 0, unlock.ToString());

            var apply = await AgentSpecProcess.RunAsync(dir.Path, null, "apply", package, "--auto-approve", "--lock-timeout", "10s");
            Assert.True(apply.ExitCode == 0, apply.ToString());

            // The broken holder is fenced: its commit is refused and the newer state stays.
            await Assert.ThrowsAsync<StateLockLostException>(() => held.CommitAsync(
                new StateDocument { Entries = [new StateEntry { Fqn = "stale/Prompt/p", Hash = "sha256:00" }] },
                CancellationToken.None));
            var state = await backend.ReadAsync(CancellationToken.None);
            Assert.Equal(2, state.Entries.Count);
        }
        finally
        {
            await held.DisposeAsync();
        }
    }

    [Fact]
    public async Task Lock_timeout_zero_fails_at_once()
    {
        using var dir = new TempDirectory();
        var package = Packages.Write(dir.Path, "demo.ias", Packages.RecordOnly("demo"));
        await using var held = await new FileStateBackend(dir.File(".agentspec.state.json")).LockAsync(new StateLockOptions { Operation = "destroy" }, CancellationToken.None);

        var run = await AgentSpecProcess.RunAsync(dir.Path, null, "apply", package, "--auto-approve", "--lock-timeout", "0", "--output", "json");

        Assert.True(run.ExitCode == 3, run.ToString());
        Assert.Contains("\"error\": \"state_locked\"", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("destroy", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_waiter_proceeds_once_the_holder_releases()
    {
        using var dir = new TempDirectory();
        var package = Packages.Write(dir.Path, "demo.ias", Packages.RecordOnly("demo"));
        var held = await new FileStateBackend(dir.File(".agentspec.state.json")).LockAsync(new StateLockOptions(), CancellationToken.None);

        using var waiter = Process.Start(AgentSpecProcess.StartInfo(dir.Path, null, "apply", package, "--auto-approve", "--lock-timeout", "2m"))!;
        waiter.StandardInput.Close();
        var stdout = waiter.StandardOutput.ReadToEndAsync();
        var stderrLines = new List<string>();
        string? line;
        while ((line = await waiter.StandardError.ReadLineAsync()) is not null)
        {
            stderrLines.Add(line);
            if (line.Contains("Waiting for the state lock held by", StringComparison.Ordinal))
            {
                break;
            }
        }

        Assert.Contains(stderrLines, l => l.Contains("Waiting for the state lock held by", StringComparison.Ordinal));
        await held.DisposeAsync();
        var rest = await waiter.StandardError.ReadToEndAsync();
        await waiter.WaitForExitAsync();

        Assert.True(waiter.ExitCode == 0, await stdout + rest);
        Assert.Contains("Apply complete!", await stdout, StringComparison.Ordinal);
    }
}
