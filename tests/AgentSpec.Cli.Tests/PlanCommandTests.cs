using System.Text.Json.Nodes;
using AgentSpec.Testing;

namespace AgentSpec.Cli.Tests;

public sealed class PlanCommandTests
{
    private static readonly string HelpDesk = TestCorpus.IntentLang("help-desk.ias");

    /// <summary>A directory holding the state the original tool leaves after applying help-desk.ias with one failure.</summary>
    private static async Task<TempDirectory> WithLegacyStateAsync()
    {
        var dir = new TempDirectory();
        await LegacyStateFile.WriteAfterFailedApplyAsync(dir.File(".agentspec.state.json"), HelpDesk, "help-desk/Environment/rehearsal", "adapter timeout");
        return dir;
    }

    [Fact]
    public async Task The_legacy_state_written_for_our_package_has_the_shape_of_the_original_tools_file()
    {
        using var dir = await WithLegacyStateAsync();

        var ours = JsonNode.Parse(File.ReadAllText(dir.File(".agentspec.state.json")))!.AsObject();
        var upstream = JsonNode.Parse(File.ReadAllText(TestCorpus.UpstreamState))!.AsObject();
        Assert.Equal(Keys(upstream), Keys(ours));
        Assert.Equal("1.0", ours["version"]!.GetValue<string>());
        static string Shape(JsonNode entry) => string.Join(",", Keys(entry.AsObject())) + ":" + entry["status"]!.GetValue<string>();
        Assert.Equal(
            upstream["entries"]!.AsArray().Select(e => Shape(e!)).Distinct().Order(StringComparer.Ordinal),
            ours["entries"]!.AsArray().Select(e => Shape(e!)).Distinct().Order(StringComparer.Ordinal));
        Assert.Equal(
            Keys(upstream["agent_versions"]!.AsObject().Single().Value!.AsArray()[0]!.AsObject()),
            Keys(ours["agent_versions"]!.AsObject().Single().Value!.AsArray()[0]!.AsObject()));
    }

    private static IEnumerable<string> Keys(JsonObject json) => json.Select(pair => pair.Key).Order(StringComparer.Ordinal);

    [Fact]
    public async Task Plan_against_a_1_0_state_updates_only_the_failed_entry_golden_text()
    {
        using var dir = await WithLegacyStateAsync();

        var run = await InProcessCli.RunAsync(dir.Path, null, "plan", HelpDesk);

        Assert.Equal(2, run.ExitCode);
        Assert.Equal(
            "Plan: 0 to create, 1 to update, 0 to delete.\n\n  ~ Environment/rehearsal  (the last apply failed: adapter timeout)\n",
            run.Stdout.ReplaceLineEndings("\n"));
    }

    [Fact]
    public async Task Plan_against_a_1_0_state_json_golden()
    {
        using var dir = await WithLegacyStateAsync();

        var run = await InProcessCli.RunAsync(dir.Path, null, "plan", HelpDesk, "--output", "json");

        Assert.Equal(2, run.ExitCode);
        var plan = JsonNode.Parse(run.Stdout)!;
        Assert.True(plan["has_changes"]!.GetValue<bool>());
        Assert.Equal("help-desk", plan["package"]!.GetValue<string>());
        var actions = plan["actions"]!.AsArray().Select(a => (a!["fqn"]!.GetValue<string>(), a["action"]!.GetValue<string>(), a["reason"]!.GetValue<string>())).ToList();
        Assert.Equal(
            [
                ("help-desk/Agent/front-desk", "noop", "up to date"),
                ("help-desk/Environment/rehearsal", "update", "the last apply failed: adapter timeout"),
                ("help-desk/Environment/season", "noop", "up to date"),
                ("help-desk/Prompt/triage", "noop", "up to date"),
                ("help-desk/Secret/booking-db", "noop", "up to date"),
                ("help-desk/Skill/call-staff", "noop", "up to date"),
                ("help-desk/Skill/check-fleet", "noop", "up to date"),
                ("help-desk/Skill/find-booking", "noop", "up to date"),
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
        using var dir = await WithLegacyStateAsync();

        var run = await InProcessCli.RunAsync(dir.Path, null, "plan", HelpDesk, "--out", "plan.json");

        Assert.Equal(2, run.ExitCode);
        var saved = JsonNode.Parse(File.ReadAllText(dir.File("plan.json")))!;
        Assert.True(saved["has_changes"]!.GetValue<bool>());
        Assert.Equal(dir.File(".agentspec.state.json"), saved["state"]!["path"]!.GetValue<string>());
    }

    [Fact]
    public async Task Plan_never_writes_state()
    {
        using var dir = await WithLegacyStateAsync();
        var before = File.ReadAllBytes(dir.File(".agentspec.state.json"));

        await InProcessCli.RunAsync(dir.Path, null, "plan", HelpDesk);

        Assert.Equal(before, File.ReadAllBytes(dir.File(".agentspec.state.json")));
        Assert.False(File.Exists(dir.File(".agentspec.state.json.bak")));
    }

    [Fact]
    public async Task Invalid_configuration_fails_plan_with_exit_1()
    {
        using var dir = new TempDirectory();

        var run = await InProcessCli.RunAsync(dir.Path, null, "plan", TestCorpus.Diagnostics("ref-undefined-prompt.ias"));

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("did you mean \"chef\"?", run.Stderr, StringComparison.Ordinal);
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
