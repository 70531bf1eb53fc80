using System.Diagnostics;
using System.Globalization;
using System.Text;
using AgentSpec.Core.State;
using AgentSpec.Cli.Tests.Runtime;
using AgentSpec.Core.State.FileBackend;
using AgentSpec.Testing;

namespace AgentSpec.Cli.Tests;

/// <summary>
/// SIGINT and SIGTERM to a real apply, alike: at the prompt they cancel; mid-apply finished work is
/// committed and the rest is not. Either way the lock is released and the exit code names the signal.
/// </summary>
public sealed class InterruptTests
{
    [Theory]
    [InlineData("-INT", 130)]
    [InlineData("-TERM", 143)]
    public async Task A_signal_at_the_prompt_cancels_apply_and_releases_the_lock(string signal, int exitCode)
    {
        using var dir = new TempDirectory();
        var package = Packages.Write(dir.Path, "demo.ias", Packages.RecordOnly("demo"));

        // Stdin is a pipe the test holds open and never writes: apply waits at the prompt, holding the lock.
        using var apply = Process.Start(AgentSpecProcess.StartInfo(dir.Path, null, "apply", package))!;
        var stderr = apply.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var stdout = await ReadUntilAsync(apply.StandardOutput, "Only 'yes' will be accepted: ", timeout.Token);

        await SendAsync(signal, apply, timeout.Token);
        await apply.WaitForExitAsync(timeout.Token);
        var run = new CliRun(apply.ExitCode, stdout + await apply.StandardOutput.ReadToEndAsync(timeout.Token), await stderr);

        Assert.True(run.ExitCode == exitCode, run.ToString());
        Assert.Contains("Apply cancelled.", run.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(dir.File(".agentspec.state.json")));
        await using var free = await new FileStateBackend(dir.File(".agentspec.state.json"))
            .LockAsync(new StateLockOptions { LockTimeout = TimeSpan.Zero }, CancellationToken.None);
    }

    [Theory]
    [InlineData("-INT", 130)]
    [InlineData("-TERM", 143)]
    public async Task A_signal_mid_apply_commits_what_finished_leaves_the_in_flight_change_pending_and_releases_the_lock(string signal, int exitCode)
    {
        using var dir = new TempDirectory();
        var package = Packages.Write(dir.Path, "help-desk.ias", File.ReadAllText(TestCorpus.IntentLang("help-desk.ias")));

        // A runtime that passes the preflight (GET /v1/agents) and never answers a deploy: the first one hangs until interrupted.
        using var silent = new CannedHttpServer(head => head.StartsWith("GET /v1/agents ", StringComparison.Ordinal) ? CannedHttpServer.Json("""{"agents":[]}""") : null);

        using var apply = Process.Start(AgentSpecProcess.StartInfo(dir.Path, null, "apply", package, "--auto-approve", "--runtime-url", silent.Url.ToString()))!;
        apply.StandardInput.Close();
        var stdout = apply.StandardOutput.ReadToEndAsync();
        var stderr = apply.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        while (!apply.HasExited && !silent.Requests.Any(head => head.StartsWith("PUT ", StringComparison.Ordinal)))
        {
            await Task.Delay(20, timeout.Token);
        }

        await SendAsync(signal, apply, timeout.Token);
        await apply.WaitForExitAsync(timeout.Token);
        var run = new CliRun(apply.ExitCode, await stdout, await stderr);

        Assert.True(run.ExitCode == exitCode, run.ToString());
        Assert.Contains("Apply interrupted", run.Stderr, StringComparison.Ordinal);
        var state = await new FileStateBackend(dir.File(".agentspec.state.json")).ReadAsync(CancellationToken.None);
        Assert.Equal(
            [("help-desk/Prompt/triage", StateEntryStatus.Pending), ("help-desk/Secret/booking-db", StateEntryStatus.Applied)],
            state.Entries.Select(e => (e.Fqn, e.Status)));

        await using var free = await new FileStateBackend(dir.File(".agentspec.state.json"))
            .LockAsync(new StateLockOptions { LockTimeout = TimeSpan.Zero }, CancellationToken.None);
    }

    private static async Task SendAsync(string signal, Process process, CancellationToken cancellationToken)
    {
        using var kill = Process.Start("kill", [signal, process.Id.ToString(CultureInfo.InvariantCulture)]);
        await kill.WaitForExitAsync(cancellationToken);
    }

    /// <summary>Reads until <paramref name="marker"/> has appeared (the prompt ends without a newline).</summary>
    private static async Task<string> ReadUntilAsync(StreamReader reader, string marker, CancellationToken cancellationToken)
    {
        var text = new StringBuilder();
        var buffer = new char[256];
        while (!text.ToString().Contains(marker, StringComparison.Ordinal))
        {
            var read = await reader.ReadAsync(buffer, cancellationToken);
            if (read == 0)
            {
                throw new InvalidOperationException($"agentspec ended before printing \"{marker}\":\n{text}");
            }

            text.Append(buffer, 0, read);
        }

        return text.ToString();
    }
}
