using AgentSpec.Testing;

namespace AgentSpec.Cli.Tests;

public sealed class ProcessCliTests
{
    [Fact]
    public async Task Version_and_help_work_as_a_real_process()
    {
        using var dir = new TempDirectory();

        var version = await AgentSpecProcess.RunAsync(dir.Path, null, "--version");
        var help = await AgentSpecProcess.RunAsync(dir.Path, null, "--help");

        Assert.True(version.ExitCode == 0, version.ToString());
        Assert.Matches(@"^\d+\.\d+\.\d+", version.Stdout.Trim());
        Assert.True(help.ExitCode == 0, help.ToString());
        Assert.Contains("--state-file", help.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_command_fails_with_exit_code_1()
    {
        using var dir = new TempDirectory();

        var run = await AgentSpecProcess.RunAsync(dir.Path, null, "frobnicate");

        Assert.True(run.ExitCode == 1, run.ToString());
    }
}
