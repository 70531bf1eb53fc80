using System.Text.Json.Nodes;
using AgentSpec.Testing;

namespace AgentSpec.Cli.Tests;

public sealed class PlanCommandTests
{
    private static TempDirectory WithUpstreamState()
    {
        var dir = new TempDirectory();
        File.Copy(Fixtures.State("upstream-v1-support-bot.state.json"), dir.File(".agentspec.state.json"));
        return dir;
    }

    [Fact]
    public async Task Plan_against_the_original_tools_state_updates_only_the_failed_entry_golden_text()
    {
        using var dir = WithUpstreamState();

        var run = await InProcessCli.RunAsync(dir.Path, null, "plan", Fixtures.IntentLang("support-bot.ias"));

        Assert.Equal(2, run.ExitCode);
        Assert.Equal(
            "Plan: 0 to create, 1 to update, 0 to delete.\n\n  ~ Environment/dev  (the last apply failed: adapter timeout)\n",
            run.Stdout.ReplaceLineEndings("\n"));
    }

    [Fact]
    public async Task Plan_json_golden()
    {
        using var dir = WithUpstreamState();

        var run = await InProcessCli.RunAsync(dir.Path, null, "plan", Fixtures.IntentLang("support-bot.ias"), "--output", "json");

        Assert.Equal(2, run.ExitCode);
        var plan = JsonNode.Parse(run.Stdout)!;
        Assert.True(plan["has_changes"]!.GetValue<bool>());
        Assert.Equal("support-bot", plan["package"]!.GetValue<string>());
        var actions = plan["actions"]!.AsArray().Select(a => (a!["fqn"]!.GetValue<string>(), a["action"]!.GetValue<string>(), a["reason"]!.GetValue<string>())).ToList();
        Assert.Equal(
            [
                ("support-bot/Agent/support-bot", "noop", "up to date"),
                ("support-bot/Environment/dev", "update", "the last apply failed: adapter timeout"),
                ("support-bot/Environment/prod", "noop", "up to date"),
                ("support-bot/Prompt/support", "noop", "up to date"),
                ("support-bot/Secret/api-key", "noop", "up to date"),
                ("support-bot/Skill/escalate", "noop", "up to date"),
                ("support-bot/Skill/lookup-ticket", "noop", "up to date"),
                ("support-bot/Skill/search-kb", "noop", "up to date"),
            ],
            actions);
        Assert.Equal(1, plan["summary"]!["update"]!.GetValue<int>());
        Assert.Equal(7, plan["summary"]!["noop"]!.GetValue<int>());
    }

    [Fact]
    public async Task Plan_with_no_state_creates_everything_and_with_matching_state_reports_no_changes()
    {
        using var dir = new TempDirectory();
        var package = Packages.Write(dir.Path, "demo.ias", Packages.RecordOnly("demo"));

        var first = await InProcessCli.RunAsync(dir.Path, null, "plan", package, "--no-color");
        Assert.Equal(2, first.ExitCode);
        Assert.Equal(
            "Plan: 2 to create, 0 to update, 0 to delete.\n\n  + Agent/agent-0  (not in state)\n  + Prompt/system  (not in state)\n",
            first.Stdout.ReplaceLineEndings("\n"));

        var apply = await InProcessCli.RunAsync(dir.Path, null, "apply", package, "--auto-approve");
        Assert.True(apply.ExitCode == 0, apply.ToString());

        var second = await InProcessCli.RunAsync(dir.Path, null, "plan", package);
        Assert.Equal(0, second.ExitCode);
        Assert.Equal("No changes. Your agents match the state.\n", second.Stdout.ReplaceLineEndings("\n"));
    }

    [Fact]
    public async Task Plan_out_writes_the_json_plan_with_the_state_it_was_computed_against()
    {
        using var dir = WithUpstreamState();

        var run = await InProcessCli.RunAsync(dir.Path, null, "plan", Fixtures.IntentLang("support-bot.ias"), "--out", "plan.json");

        Assert.Equal(2, run.ExitCode);
        var saved = JsonNode.Parse(File.ReadAllText(dir.File("plan.json")))!;
        Assert.True(saved["has_changes"]!.GetValue<bool>());
        Assert.Equal(dir.File(".agentspec.state.json"), saved["state"]!["path"]!.GetValue<string>());
    }

    [Fact]
    public async Task Plan_never_writes_state()
    {
        using var dir = WithUpstreamState();
        var before = File.ReadAllBytes(dir.File(".agentspec.state.json"));

        await InProcessCli.RunAsync(dir.Path, null, "plan", Fixtures.IntentLang("support-bot.ias"));

        Assert.Equal(before, File.ReadAllBytes(dir.File(".agentspec.state.json")));
        Assert.False(File.Exists(dir.File(".agentspec.state.json.bak")));
    }

    [Fact]
    public async Task Invalid_configuration_fails_plan_with_exit_1()
    {
        using var dir = new TempDirectory();

        var run = await InProcessCli.RunAsync(dir.Path, null, "plan", Fixtures.IntentLang("invalid_ref.ias"));

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("did you mean \"web-search\"?", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("nothing was planned or applied", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Colour_is_used_only_on_a_terminal_and_never_with_no_color()
    {
        using var dir = new TempDirectory();
        var package = Packages.Write(dir.Path, "demo.ias", Packages.RecordOnly("demo"));

        var run = await InProcessCli.RunAsync(dir.Path, null, "plan", package);

        Assert.DoesNotContain("\u001b[", run.Stdout, StringComparison.Ordinal);
    }
}
