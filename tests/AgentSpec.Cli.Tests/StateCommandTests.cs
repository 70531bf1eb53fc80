using System.Text.Json.Nodes;
using AgentSpec.Testing;

namespace AgentSpec.Cli.Tests;

public sealed class StateCommandTests
{
    private static async Task<TempDirectory> AppliedAsync()
    {
        var dir = new TempDirectory();
        var package = Packages.Write(dir.Path, "demo.ias", Packages.RecordOnly("demo"));
        var run = await InProcessCli.RunAsync(dir.Path, null, "apply", package, "--auto-approve");
        Assert.True(run.ExitCode == 0, run.ToString());
        return dir;
    }

    [Fact]
    public async Task List_show_and_status_describe_the_state()
    {
        using var dir = await AppliedAsync();

        var list = await InProcessCli.RunAsync(dir.Path, null, "state", "list");
        var json = await InProcessCli.RunAsync(dir.Path, null, "state", "list", "--output", "json");
        var failedOnly = await InProcessCli.RunAsync(dir.Path, null, "state", "list", "--status", "failed");
        var show = await InProcessCli.RunAsync(dir.Path, null, "state", "show", "demo/Agent/agent-0");
        var status = await InProcessCli.RunAsync(dir.Path, null, "state", "status", "-o", "json");

        Assert.Contains("demo/Agent/agent-0", list.Stdout, StringComparison.Ordinal);
        Assert.Contains("demo/Prompt/system", list.Stdout, StringComparison.Ordinal);
        Assert.Equal(["demo/Agent/agent-0", "demo/Prompt/system"], JsonNode.Parse(json.Stdout)!.AsArray().Select(e => e!["fqn"]!.GetValue<string>()));
        Assert.Contains("No resources with status failed.", failedOnly.Stdout, StringComparison.Ordinal);
        Assert.Contains("status:       applied", show.Stdout, StringComparison.Ordinal);
        var s = JsonNode.Parse(status.Stdout)!;
        Assert.Equal(1, s["state"]!["serial"]!.GetValue<long>());
        Assert.Equal(2, s["counts_by_status"]!["applied"]!.GetValue<int>());
        Assert.Null(s["lock"]);
    }

    [Fact]
    public async Task Show_of_an_unknown_resource_fails()
    {
        using var dir = await AppliedAsync();

        var run = await InProcessCli.RunAsync(dir.Path, null, "state", "show", "demo/Agent/nope");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("has no resource demo/Agent/nope", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_exits_0_when_healthy_and_4_when_damaged()
    {
        using var dir = await AppliedAsync();

        var healthy = await InProcessCli.RunAsync(dir.Path, null, "state", "verify");
        File.WriteAllText(dir.File(".agentspec.state.json"), "{}");
        var damaged = await InProcessCli.RunAsync(dir.Path, null, "state", "verify", "-o", "json");

        Assert.Equal(0, healthy.ExitCode);
        Assert.Equal(4, damaged.ExitCode);
        Assert.False(JsonNode.Parse(damaged.Stdout)!["healthy"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Recover_from_backup_shows_what_is_lost_and_restores_with_a_higher_serial()
    {
        using var dir = await AppliedAsync();
        var package = Packages.Write(dir.Path, "demo.ias", Packages.RecordOnly("demo", version: 2, agents: 2));
        await InProcessCli.RunAsync(dir.Path, null, "apply", package, "--auto-approve");

        var declined = await InProcessCli.RunAsync(dir.Path, "no\n", "state", "recover", "--from-backup");
        var recovered = await InProcessCli.RunAsync(dir.Path, null, "state", "recover", "--from-backup", "--auto-approve");

        Assert.Equal(1, declined.ExitCode);
        Assert.Contains("demo/Agent/agent-1 (would be forgotten)", declined.Stdout, StringComparison.Ordinal);
        Assert.True(recovered.ExitCode == 0, recovered.ToString());
        Assert.Contains("State restored from", recovered.Stdout, StringComparison.Ordinal);
        var list = await InProcessCli.RunAsync(dir.Path, null, "state", "list", "-o", "json");
        Assert.Equal(2, JsonNode.Parse(list.Stdout)!.AsArray().Count);
        var status = JsonNode.Parse((await InProcessCli.RunAsync(dir.Path, null, "state", "status", "-o", "json")).Stdout)!;
        Assert.Equal(3, status["state"]!["serial"]!.GetValue<long>());
    }

    [Fact]
    public async Task Recover_needs_exactly_one_source()
    {
        using var dir = await AppliedAsync();

        var run = await InProcessCli.RunAsync(dir.Path, null, "state", "recover", "--auto-approve");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("--from-backup or --from FILE", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_deleted_state_is_not_resurrected_without_recover()
    {
        using var dir = await AppliedAsync();
        var package = Packages.Write(dir.Path, "demo.ias", Packages.RecordOnly("demo", version: 2));
        await InProcessCli.RunAsync(dir.Path, null, "apply", package, "--auto-approve");
        File.Delete(dir.File(".agentspec.state.json"));

        var apply = await InProcessCli.RunAsync(dir.Path, null, "apply", package, "--auto-approve");
        var recover = await InProcessCli.RunAsync(dir.Path, null, "state", "recover", "--from-backup", "--auto-approve");

        Assert.Equal(4, apply.ExitCode);
        Assert.Contains("state recover", apply.Stderr, StringComparison.Ordinal);
        Assert.True(recover.ExitCode == 0, recover.ToString());
    }
}
