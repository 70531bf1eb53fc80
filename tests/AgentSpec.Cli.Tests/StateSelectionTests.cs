using AgentSpec.Testing;

namespace AgentSpec.Cli.Tests;

/// <summary>Choosing the state backend: flags, then the environment, then the file (docs/cli.md, "State backends").</summary>
public sealed class StateSelectionTests
{
    [Fact]
    public async Task An_unknown_backend_in_the_environment_is_a_clear_error()
    {
        using var dir = new TempDirectory();

        var run = await InProcessCli.RunWithEnvironmentAsync(dir.Path, null, new Dictionary<string, string> { ["AGENTSPEC_STATE_BACKEND"] = "etcd" }, "state", "list");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("'etcd' (AGENTSPEC_STATE_BACKEND) is not a state backend.", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("Use file or redis.", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_backend_flag_is_refused_by_the_parser()
    {
        using var dir = new TempDirectory();

        var run = await InProcessCli.RunAsync(dir.Path, null, "state", "list", "--state-backend", "s3");

        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("s3", run.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("team a")]
    [InlineData("-dash-first")]
    [InlineData("a{b}")]
    [InlineData("ééé")]
    public async Task A_bad_workspace_name_is_a_clear_error(string name)
    {
        using var dir = new TempDirectory();

        var run = await InProcessCli.RunAsync(dir.Path, null, "state", "list", "--state-backend", "redis", "--state-redis", "127.0.0.1:1", $"--workspace={name}");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("is not a workspace name", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Redis_without_a_connection_string_says_how_to_give_one()
    {
        using var dir = new TempDirectory();

        var run = await InProcessCli.RunAsync(dir.Path, null, "state", "list", "--state-backend", "redis");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("The Redis state backend needs the address of a Redis server.", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("ConnectionStrings__state", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_state_redis_flag_without_the_redis_backend_is_refused_rather_than_using_the_file()
    {
        using var dir = new TempDirectory();

        var run = await InProcessCli.RunAsync(dir.Path, null, "state", "list", "--state-redis", "127.0.0.1:1");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("--state-redis names a Redis state server, but the state backend is the file.", run.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(dir.File(".agentspec.state.json")));
    }

    [Fact]
    public async Task An_unreachable_server_is_one_sentence_with_a_hint_and_never_shows_the_password()
    {
        using var dir = new TempDirectory();
        var port = LoopbackPort.Free();

        var run = await InProcessCli.RunWithEnvironmentAsync(
            dir.Path,
            null,
            new Dictionary<string, string> { ["AGENTSPEC_STATE_BACKEND"] = "redis", ["ConnectionStrings__state"] = $"127.0.0.1:{port},password=hunter2-secret" },
            "state", "list");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains($"Could not connect to the Redis state server at 127.0.0.1:{port}: nothing answered in time.", run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", run.Stderr + run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_flag_wins_over_the_environment()
    {
        using var dir = new TempDirectory();
        var package = Packages.Write(dir.Path, "demo.ias", Packages.RecordOnly("demo"));
        var environment = new Dictionary<string, string> { ["AGENTSPEC_STATE_BACKEND"] = "redis", ["ConnectionStrings__state"] = $"127.0.0.1:{LoopbackPort.Free()}" };

        var apply = await InProcessCli.RunWithEnvironmentAsync(dir.Path, null, environment, "apply", package, "--auto-approve", "--state-backend", "file");

        Assert.True(apply.ExitCode == 0, apply.ToString());
        Assert.True(File.Exists(dir.File(".agentspec.state.json")));
    }

    [Fact]
    public async Task Validate_never_connects_to_redis()
    {
        using var dir = new TempDirectory();
        var package = Packages.Write(dir.Path, "demo.ias", Packages.RecordOnly("demo"));
        var environment = new Dictionary<string, string> { ["AGENTSPEC_STATE_BACKEND"] = "redis", ["ConnectionStrings__state"] = $"127.0.0.1:{LoopbackPort.Free()}" };

        var run = await InProcessCli.RunWithEnvironmentAsync(dir.Path, null, environment, "validate", package);

        Assert.True(run.ExitCode == 0, run.ToString());
    }
}
