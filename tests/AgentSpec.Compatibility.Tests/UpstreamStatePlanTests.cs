using System.Text.Json.Nodes;
using AgentSpec.Cli.Tests;
using AgentSpec.Testing;

namespace AgentSpec.Compatibility.Tests;

/// <summary>
/// The original tool's support-bot.ias against the state file it wrote in format "1.0": every resource it
/// applied plans as up to date, only the entry whose apply failed is updated, and plan never writes state.
/// </summary>
public sealed class UpstreamStatePlanTests
{
    private static TempDirectory WithUpstreamState()
    {
        var dir = new TempDirectory();
        File.Copy(CompatibilityCorpus.UpstreamState, dir.File(".agentspec.state.json"));
        return dir;
    }

    [Fact]
    public async Task Plan_against_the_original_tools_state_updates_only_the_failed_entry_golden_text()
    {
        using var dir = WithUpstreamState();

        var run = await InProcessCli.RunAsync(dir.Path, null, "plan", CompatibilityCorpus.IntentLang("support-bot.ias"));

        Assert.Equal(2, run.ExitCode);
        Assert.Equal(
            "Plan: 0 to create, 1 to update, 0 to delete.\n\n  ~ Environment/dev  (the last apply failed: adapter timeout)\n",
            run.Stdout.ReplaceLineEndings("\n"));
    }

    [Fact]
    public async Task Plan_against_the_original_tools_state_json_golden()
    {
        using var dir = WithUpstreamState();

        var run = await InProcessCli.RunAsync(dir.Path, null, "plan", CompatibilityCorpus.IntentLang("support-bot.ias"), "--output", "json");

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
    public async Task Plan_never_writes_the_original_tools_state()
    {
        using var dir = WithUpstreamState();
        var before = File.ReadAllBytes(dir.File(".agentspec.state.json"));

        var run = await InProcessCli.RunAsync(dir.Path, null, "plan", CompatibilityCorpus.IntentLang("support-bot.ias"));

        Assert.Equal(2, run.ExitCode);
        Assert.Equal(before, File.ReadAllBytes(dir.File(".agentspec.state.json")));
        Assert.False(File.Exists(dir.File(".agentspec.state.json.bak")));
    }
}
