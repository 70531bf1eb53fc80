using AgentSpec.Testing;

namespace AgentSpec.Cli.Tests;

/// <summary>Quiet by default: stderr shows warnings and errors; lock events only with <c>--log-level information</c>.</summary>
public sealed class LogLevelTests
{
    [Fact]
    public async Task A_plain_apply_prints_no_info_lines_on_stderr()
    {
        using var dir = new TempDirectory();
        var package = Packages.Write(dir.Path, "demo.ias", Packages.RecordOnly("demo"));

        var run = await AgentSpecProcess.RunAsync(dir.Path, null, "apply", package, "--auto-approve");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("Apply complete!", run.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("info:", run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("state lock", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Log_level_information_shows_the_lock_events()
    {
        using var dir = new TempDirectory();
        var package = Packages.Write(dir.Path, "demo.ias", Packages.RecordOnly("demo"));

        var run = await AgentSpecProcess.RunAsync(dir.Path, null, "apply", package, "--auto-approve", "--log-level", "information");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("info: Acquired the state lock on", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("info: Released the state lock on", run.Stderr, StringComparison.Ordinal);
    }
}
