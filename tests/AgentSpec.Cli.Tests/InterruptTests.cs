using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using AgentSpec.Core.State;
using AgentSpec.Core.State.FileBackend;
using AgentSpec.Testing;

namespace AgentSpec.Cli.Tests;

/// <summary>Ctrl-C during a real apply: finished work is committed, the rest is not, the lock is released.</summary>
public sealed class InterruptTests
{
    [Fact]
    public async Task Sigint_mid_apply_commits_what_finished_leaves_the_in_flight_change_pending_and_releases_the_lock()
    {
        using var dir = new TempDirectory();
        var package = Packages.Write(dir.Path, "help-desk.ias", File.ReadAllText(TestCorpus.IntentLang("help-desk.ias")));

        // A runtime that accepts connections and never answers: the first deploy hangs until interrupted.
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var url = $"http://127.0.0.1:{((IPEndPoint)silent.LocalEndpoint).Port}";
        var accepted = silent.AcceptSocketAsync();

        using var apply = Process.Start(AgentSpecProcess.StartInfo(dir.Path, null, "apply", package, "--auto-approve", "--runtime-url", url))!;
        apply.StandardInput.Close();
        var stdout = apply.StandardOutput.ReadToEndAsync();
        var stderr = apply.StandardError.ReadToEndAsync();
        using var connection = await accepted.WaitAsync(TimeSpan.FromMinutes(2));

        using (var kill = Process.Start("kill", ["-INT", apply.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await apply.WaitForExitAsync(timeout.Token);
        var run = new CliRun(apply.ExitCode, await stdout, await stderr);

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Contains("Apply interrupted", run.Stderr, StringComparison.Ordinal);
        var state = await new FileStateBackend(dir.File(".agentspec.state.json")).ReadAsync(CancellationToken.None);
        Assert.Equal(
            [("help-desk/Prompt/triage", StateEntryStatus.Pending), ("help-desk/Secret/booking-db", StateEntryStatus.Applied)],
            state.Entries.Select(e => (e.Fqn, e.Status)));

        await using var free = await new FileStateBackend(dir.File(".agentspec.state.json"))
            .LockAsync(new StateLockOptions { LockTimeout = TimeSpan.Zero }, CancellationToken.None);
    }
}
