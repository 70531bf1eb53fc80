using System.Text.Json.Nodes;
using AgentSpec.Testing;

namespace AgentSpec.Cli.Tests;

/// <summary>Every <c>state</c> command, plan and apply on a Redis workspace selected by the environment, as the AppHost's <c>cli</c> resource runs them.</summary>
public sealed class StateCommandsOnRedisTests(StateRedisFixture redis) : IClassFixture<StateRedisFixture>
{
    private async Task<(TempDirectory Dir, Dictionary<string, string> Environment)> AppliedAsync()
    {
        var dir = new TempDirectory();
        var environment = redis.Environment(StateRedisFixture.NewWorkspace());
        var package = Packages.Write(dir.Path, "demo.ias", Packages.RecordOnly("demo"));
        var apply = await InProcessCli.RunWithEnvironmentAsync(dir.Path, null, environment, "apply", package, "--auto-approve");
        Assert.True(apply.ExitCode == 0, apply.ToString());
        return (dir, environment);
    }

    [Fact]
    public async Task List_show_status_verify_and_plan_read_the_workspace_and_leave_no_file()
    {
        var (dir, environment) = await AppliedAsync();
        using var _ = dir;

        var list = await InProcessCli.RunWithEnvironmentAsync(dir.Path, null, environment, "state", "list", "-o", "json");
        var show = await InProcessCli.RunWithEnvironmentAsync(dir.Path, null, environment, "state", "show", "demo/Agent/agent-0");
        var status = await InProcessCli.RunWithEnvironmentAsync(dir.Path, null, environment, "state", "status");
        var verify = await InProcessCli.RunWithEnvironmentAsync(dir.Path, null, environment, "state", "verify");
        var plan = await InProcessCli.RunWithEnvironmentAsync(dir.Path, null, environment, "plan", "demo.ias", "-o", "json");

        Assert.Equal(["demo/Agent/agent-0", "demo/Prompt/system"], JsonNode.Parse(list.Stdout)!.AsArray().Select(e => e!["fqn"]!.GetValue<string>()));
        Assert.Contains("status:       applied", show.Stdout, StringComparison.Ordinal);
        Assert.True(status.ExitCode == 0, status.ToString());
        Assert.Contains("redis://", status.Stdout, StringComparison.Ordinal);
        Assert.Contains("serial 1", status.Stdout, StringComparison.Ordinal);
        Assert.True(verify.ExitCode == 0, verify.ToString());
        Assert.Equal(0, plan.ExitCode);
        Assert.StartsWith("redis://", JsonNode.Parse(plan.Stdout)!["state"]!["path"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.False(File.Exists(dir.File(".agentspec.state.json")));
        Assert.DoesNotContain(StateRedisFixture.Password, list.Stdout + status.Stdout + status.Stderr + plan.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Recover_from_backup_and_from_a_state_file_work_on_the_workspace()
    {
        var (dir, environment) = await AppliedAsync();
        using var _ = dir;
        var package = Packages.Write(dir.Path, "demo.ias", Packages.RecordOnly("demo", version: 2, agents: 2));
        Assert.Equal(0, (await InProcessCli.RunWithEnvironmentAsync(dir.Path, null, environment, "apply", package, "--auto-approve")).ExitCode);

        var recovered = await InProcessCli.RunWithEnvironmentAsync(dir.Path, null, environment, "state", "recover", "--from-backup", "--auto-approve");
        var list = await InProcessCli.RunWithEnvironmentAsync(dir.Path, null, environment, "state", "list", "-o", "json");

        Assert.True(recovered.ExitCode == 0, recovered.ToString());
        Assert.Equal(2, JsonNode.Parse(list.Stdout)!.AsArray().Count);

        // A state file of another lineage, restored into the workspace with consent.
        using var other = new TempDirectory();
        var otherPackage = Packages.Write(other.Path, "other.ias", Packages.RecordOnly("other", agents: 3));
        Assert.Equal(0, (await InProcessCli.RunAsync(other.Path, null, "apply", otherPackage, "--auto-approve")).ExitCode);
        var fromFile = await InProcessCli.RunWithEnvironmentAsync(
            dir.Path, null, environment, "state", "recover", "--from", other.File(".agentspec.state.json"), "--allow-lineage-change", "--auto-approve");
        Assert.True(fromFile.ExitCode == 0, fromFile.ToString());
        var after = await InProcessCli.RunWithEnvironmentAsync(dir.Path, null, environment, "state", "list", "-o", "json");
        Assert.All(JsonNode.Parse(after.Stdout)!.AsArray(), e => Assert.StartsWith("other/", e!["fqn"]!.GetValue<string>(), StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_state_file_flag_while_the_environment_selects_redis_is_refused_with_the_way_out()
    {
        var (dir, environment) = await AppliedAsync();
        using var _ = dir;

        var run = await InProcessCli.RunWithEnvironmentAsync(dir.Path, null, environment, "state", "list", "--state-file", "mine.json");
        var explicitFile = await InProcessCli.RunWithEnvironmentAsync(dir.Path, null, environment, "state", "list", "--state-file", "mine.json", "--state-backend", "file");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("--state-file names a state file, but the state backend is Redis", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("--state-backend file", run.Stderr, StringComparison.Ordinal);
        Assert.True(explicitFile.ExitCode == 0, explicitFile.ToString());
        Assert.Contains("The state has no resources.", explicitFile.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task History_lists_the_kept_generations_and_recover_serial_restores_one()
    {
        var (dir, environment) = await AppliedAsync();
        using var _ = dir;
        for (var version = 2; version <= 3; version++)
        {
            var package = Packages.Write(dir.Path, "demo.ias", Packages.RecordOnly("demo", version: version, agents: version));
            Assert.Equal(0, (await InProcessCli.RunWithEnvironmentAsync(dir.Path, null, environment, "apply", package, "--auto-approve")).ExitCode);
        }

        var history = await InProcessCli.RunWithEnvironmentAsync(dir.Path, null, environment, "state", "history", "-o", "json");
        var recovered = await InProcessCli.RunWithEnvironmentAsync(dir.Path, null, environment, "state", "recover", "--serial", "1", "--auto-approve");

        Assert.True(history.ExitCode == 0, history.ToString());
        Assert.Equal([2L, 1L], JsonNode.Parse(history.Stdout)!.AsArray().Select(g => g!["serial"]!.GetValue<long>()));
        Assert.True(recovered.ExitCode == 0, recovered.ToString());
        var list = await InProcessCli.RunWithEnvironmentAsync(dir.Path, null, environment, "state", "list", "-o", "json");
        Assert.Equal(2, JsonNode.Parse(list.Stdout)!.AsArray().Count);
    }

    [Fact]
    public async Task Unlock_of_a_lock_nobody_holds_is_refused()
    {
        var (dir, environment) = await AppliedAsync();
        using var _ = dir;

        var run = await InProcessCli.RunWithEnvironmentAsync(dir.Path, null, environment, "state", "unlock", "--force", "nope");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("no command holds the lock", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wrong_password_is_one_sentence_and_exit_1()
    {
        using var dir = new TempDirectory();
        var environment = redis.Environment(StateRedisFixture.NewWorkspace());
        environment["ConnectionStrings__state"] = $"127.0.0.1:{redis.Server.Port},password=wrong-password-x";

        var run = await InProcessCli.RunWithEnvironmentAsync(dir.Path, null, environment, "state", "list");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains($"127.0.0.1:{redis.Server.Port}", run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("wrong-password-x", run.Stderr, StringComparison.Ordinal);
    }
}
