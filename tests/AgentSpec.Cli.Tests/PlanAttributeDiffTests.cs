using System.Text.Json.Nodes;
using AgentSpec.Testing;

namespace AgentSpec.Cli.Tests;

/// <summary>Per-attribute changes under each update (docs/cli.md, "plan"), from the attributes state records (docs/state.md).</summary>
public sealed class PlanAttributeDiffTests
{
    private const string StateFile = ".agentspec.state.json";

    private static string Desk(int maxTurns, string models, string prompt, string memory, string timeout) =>
        "package \"desk\" version \"0.1.0\" lang \"2.0\"\n\n"
        + $"prompt \"system\" {{\n  content \"{prompt}\"\n}}\n\n"
        + "secret \"db\" {\n  env(DESK_DB_URL)\n}\n\n"
        + $"agent \"triage\" {{\n  uses prompt \"system\"\n  models {models}\n  max_turns {maxTurns}\n{timeout}{memory}}}\n\n"
        + "deploy \"local\" target \"record-only\" {\n  default true\n}\n";

    private static readonly string First = Desk(4, "[\"opus\", \"sonnet\", \"haiku\"]", "One.\\nTwo.\\nThree.\\nFour.", "  memory {\n    max_messages 10\n  }\n", "  timeout \"30s\"\n");

    private static readonly string Second = Desk(5, "[\"opus\", \"haiku\", \"mini\"]", "One.\\nTwo, changed.\\nThree.\\nFour.", "  memory {\n    max_messages 20\n  }\n", string.Empty);

    private static async Task<(TempDirectory Dir, string Package)> AppliedAsync()
    {
        var dir = new TempDirectory();
        var package = Packages.Write(dir.Path, "desk.ias", First);
        var apply = await InProcessCli.RunAsync(dir.Path, null, "apply", package, "--auto-approve");
        Assert.True(apply.ExitCode == 0, apply.ToString());
        Packages.Write(dir.Path, "desk.ias", Second);
        return (dir, package);
    }

    [Fact]
    public async Task Plan_shows_each_changed_attribute_terraform_style_golden_text()
    {
        var (dir, package) = await AppliedAsync();
        using var _ = dir;

        var run = await InProcessCli.RunAsync(dir.Path, null, "plan", package, "--no-color");

        Assert.Equal(2, run.ExitCode);
        Assert.Equal(
            """
            Plan: 0 to create, 2 to update, 0 to delete.

              ~ Agent/triage   (content changed)
                  ~ max_turns           = 4 -> 5
                  ~ memory.max_messages = 10 -> 20
                  ~ models = [
                        # (1 unchanged element hidden)
                      - "sonnet",
                        # (1 unchanged element hidden)
                      + "mini",
                    ]
                  - timeout             = "30s"
              ~ Prompt/system  (content changed)
                  ~ content = <<-EOT
                        # (1 unchanged line hidden)
                      - Two.
                      + Two, changed.
                        # (2 unchanged lines hidden)
                    EOT

            """,
            run.Stdout.ReplaceLineEndings("\n"));
    }

    [Fact]
    public async Task Plan_json_carries_before_and_after_per_action()
    {
        var (dir, package) = await AppliedAsync();
        using var _ = dir;

        var run = await InProcessCli.RunAsync(dir.Path, null, "plan", package, "--output", "json");

        Assert.Equal(2, run.ExitCode);
        var actions = JsonNode.Parse(run.Stdout)!["actions"]!.AsArray().ToDictionary(a => a!["fqn"]!.GetValue<string>());
        var agent = actions["desk/Agent/triage"]!;
        Assert.Equal(4, agent["before"]!["max_turns"]!.GetValue<int>());
        Assert.Equal(5, agent["after"]!["max_turns"]!.GetValue<int>());
        Assert.Equal("30s", agent["before"]!["timeout"]!.GetValue<string>());
        Assert.Null(agent["after"]!["timeout"]);
        var secret = actions["desk/Secret/db"]!;
        Assert.Equal("noop", secret["action"]!.GetValue<string>());
        Assert.Equal("DESK_DB_URL", secret["after"]!["key"]!.GetValue<string>());
        Assert.True(JsonNode.DeepEquals(secret["before"], secret["after"]));
    }

    [Fact]
    public async Task Apply_records_the_attributes_in_state_which_still_verifies()
    {
        var (dir, package) = await AppliedAsync();
        using var _ = dir;

        var apply = await InProcessCli.RunAsync(dir.Path, null, "apply", package, "--auto-approve", "--no-color");
        Assert.True(apply.ExitCode == 0, apply.ToString());
        Assert.Contains("~ max_turns           = 4 -> 5", apply.Stdout, StringComparison.Ordinal);

        var state = JsonNode.Parse(File.ReadAllText(dir.File(StateFile)))!;
        var entries = state["entries"]!.AsArray().ToDictionary(e => e!["fqn"]!.GetValue<string>());
        Assert.Equal(5, entries["desk/Agent/triage"]!["attributes"]!["max_turns"]!.GetValue<int>());
        Assert.Equal(
            """{"key":"DESK_DB_URL","source":"env"}""",
            entries["desk/Secret/db"]!["attributes"]!.ToJsonString());

        var verify = await InProcessCli.RunAsync(dir.Path, null, "state", "verify");
        Assert.True(verify.ExitCode == 0, verify.ToString());
    }

    [Fact]
    public async Task An_entry_written_before_attributes_were_recorded_says_so_until_its_next_apply()
    {
        var (dir, package) = await AppliedAsync();
        using var _ = dir;
        await StripAttributesAsync(dir.File(StateFile), "desk/Agent/triage");
        var verify = await InProcessCli.RunAsync(dir.Path, null, "state", "verify");
        Assert.True(verify.ExitCode == 0, verify.ToString());

        var plan = await InProcessCli.RunAsync(dir.Path, null, "plan", package, "--no-color");

        Assert.Equal(2, plan.ExitCode);
        Assert.Contains("  ~ Agent/triage   (content changed)\n      (attributes not recorded)\n", plan.Stdout.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        var json = await InProcessCli.RunAsync(dir.Path, null, "plan", package, "--output", "json");
        var agent = JsonNode.Parse(json.Stdout)!["actions"]!.AsArray().Single(a => a!["fqn"]!.GetValue<string>() == "desk/Agent/triage")!;
        Assert.Null(agent["before"]);

        var apply = await InProcessCli.RunAsync(dir.Path, null, "apply", package, "--auto-approve");
        Assert.True(apply.ExitCode == 0, apply.ToString());
        var state = JsonNode.Parse(File.ReadAllText(dir.File(StateFile)))!;
        Assert.Equal(5, state["entries"]!.AsArray().Single(e => e!["fqn"]!.GetValue<string>() == "desk/Agent/triage")!["attributes"]!["max_turns"]!.GetValue<int>());
    }

    /// <summary>Rewrites the state as the previous version would have left it: no attributes on that entry, sealed with a fresh checksum.</summary>
    private static async Task StripAttributesAsync(string path, string fqn)
    {
        var state = JsonNode.Parse(await File.ReadAllTextAsync(path))!.AsObject();
        var entry = state["entries"]!.AsArray().Single(e => e!["fqn"]!.GetValue<string>() == fqn)!.AsObject();
        Assert.True(entry.Remove("attributes"));
        state.Remove("checksum");
        state["checksum"] = AgentSpec.Core.Resources.CanonicalJson.Hash(state);
        await File.WriteAllTextAsync(path, AgentSpec.Core.Resources.CanonicalJson.Serialize(state) + "\n");
    }
}
