using AgentSpec.Core.State;
using AgentSpec.Core.State.FileBackend;
using AgentSpec.Testing;

namespace AgentSpec.Cli.Tests;

/// <summary>
/// <c>echo yes | agentspec apply</c>: with stdin a pipe, the piped answer is the answer. Only exactly
/// <c>yes</c> proceeds; anything else or end of input cancels, leaves the state untouched and the lock free.
/// </summary>
public sealed class PipedInputTests
{
    [Fact]
    public async Task Piped_yes_applies()
    {
        using var dir = new TempDirectory();
        var package = Packages.Write(dir.Path, "demo.ias", Packages.RecordOnly("demo"));

        var run = await AgentSpecProcess.RunWithInputAsync(dir.Path, null, "yes\n", "apply", package);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("Apply these changes? Only 'yes' will be accepted", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("Apply complete!", run.Stdout, StringComparison.Ordinal);
        var state = await new FileStateBackend(dir.File(".agentspec.state.json")).ReadAsync(CancellationToken.None);
        Assert.Equal(2, state.Entries.Count);
    }

    [Theory]
    [InlineData("y\n")]
    [InlineData("YES\n")]
    [InlineData("no\n")]
    [InlineData("")]
    public async Task Anything_but_yes_or_end_of_input_cancels_apply_and_leaves_the_lock_free(string answer)
    {
        using var dir = new TempDirectory();
        var package = Packages.Write(dir.Path, "demo.ias", Packages.RecordOnly("demo"));

        var run = await AgentSpecProcess.RunWithInputAsync(dir.Path, null, answer, "apply", package);

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Contains("Apply cancelled.", run.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(dir.File(".agentspec.state.json")));
        await using var free = await new FileStateBackend(dir.File(".agentspec.state.json"))
            .LockAsync(new StateLockOptions { LockTimeout = TimeSpan.Zero }, CancellationToken.None);
    }

    [Fact]
    public async Task Piped_answers_confirm_destroy()
    {
        using var dir = new TempDirectory();
        var package = Packages.Write(dir.Path, "demo.ias", Packages.RecordOnly("demo"));
        var applied = await AgentSpecProcess.RunWithInputAsync(dir.Path, null, "yes\n", "apply", package);
        Assert.True(applied.ExitCode == 0, applied.ToString());

        var declined = await AgentSpecProcess.RunWithInputAsync(dir.Path, null, "no\n", "destroy", package);
        var destroyed = await AgentSpecProcess.RunWithInputAsync(dir.Path, null, "yes\n", "destroy", package);

        Assert.True(declined.ExitCode == 1, declined.ToString());
        Assert.Contains("Destroy cancelled.", declined.Stderr, StringComparison.Ordinal);
        Assert.True(destroyed.ExitCode == 0, destroyed.ToString());
        Assert.Contains("Destroy complete!", destroyed.Stdout, StringComparison.Ordinal);
        var state = await new FileStateBackend(dir.File(".agentspec.state.json")).ReadAsync(CancellationToken.None);
        Assert.Empty(state.Entries);
    }

    [Fact]
    public async Task Piped_answers_confirm_state_recover()
    {
        using var dir = new TempDirectory();
        var package = Packages.Write(dir.Path, "demo.ias", Packages.RecordOnly("demo"));
        Assert.Equal(0, (await AgentSpecProcess.RunWithInputAsync(dir.Path, null, "yes\n", "apply", package)).ExitCode);
        Packages.Write(dir.Path, "demo.ias", Packages.RecordOnly("demo", version: 2, agents: 2));
        Assert.Equal(0, (await AgentSpecProcess.RunWithInputAsync(dir.Path, null, "yes\n", "apply", package)).ExitCode);

        var declined = await AgentSpecProcess.RunWithInputAsync(dir.Path, null, string.Empty, "state", "recover", "--from-backup");
        var serialAfterDecline = (await new FileStateBackend(dir.File(".agentspec.state.json")).ReadAsync(CancellationToken.None)).Serial;
        var recovered = await AgentSpecProcess.RunWithInputAsync(dir.Path, null, "yes\n", "state", "recover", "--from-backup");

        Assert.True(declined.ExitCode == 1, declined.ToString());
        Assert.Contains("Recovery cancelled.", declined.Stderr, StringComparison.Ordinal);
        Assert.Equal(2, serialAfterDecline);
        Assert.True(recovered.ExitCode == 0, recovered.ToString());
        Assert.Contains("State restored from", recovered.Stdout, StringComparison.Ordinal);
    }
}
