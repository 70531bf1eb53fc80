using System.Text.Json.Nodes;
using AgentSpec.Core.State;
using AgentSpec.Core.State.FileBackend;
using AgentSpec.Testing;

namespace AgentSpec.Cli.Tests;

public sealed class ApplyCommandTests
{
    [Fact]
    public async Task Apply_records_the_package_then_reports_no_changes()
    {
        using var dir = new TempDirectory();
        var package = Packages.Write(dir.Path, "demo.ias", Packages.RecordOnly("demo", agents: 2));

        var first = await InProcessCli.RunAsync(dir.Path, null, "apply", package, "--auto-approve");
        var second = await InProcessCli.RunAsync(dir.Path, null, "apply", package, "--auto-approve");

        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Contains("Apply complete! Resources: 3 created, 0 updated, 0 deleted, 0 failed.", first.Stdout, StringComparison.Ordinal);
        Assert.Contains("Prompt/system: Creation complete", first.Stdout, StringComparison.Ordinal);
        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Contains("No changes. Your agents match the state.", second.Stdout, StringComparison.Ordinal);

        var state = await new FileStateBackend(dir.File(".agentspec.state.json")).ReadAsync(CancellationToken.None);
        Assert.Equal(["demo/Agent/agent-0", "demo/Agent/agent-1", "demo/Prompt/system"], state.Entries.Select(e => e.Fqn));
        Assert.All(state.Entries, e => Assert.Equal((StateEntryStatus.Applied, "record-only"), (e.Status, e.Adapter)));
        Assert.Equal(1, state.Serial);
    }

    [Fact]
    public async Task Changing_the_package_updates_and_deletes_only_what_changed()
    {
        using var dir = new TempDirectory();
        var path = Packages.Write(dir.Path, "demo.ias", Packages.RecordOnly("demo", version: 1, agents: 2));
        await InProcessCli.RunAsync(dir.Path, null, "apply", path, "--auto-approve");
        Packages.Write(dir.Path, "demo.ias", Packages.RecordOnly("demo", version: 2, agents: 1));

        var run = await InProcessCli.RunAsync(dir.Path, null, "apply", path, "--auto-approve", "-o", "json");

        Assert.True(run.ExitCode == 0, run.ToString());
        var result = JsonNode.Parse(run.Stdout)!;
        Assert.Equal("completed", result["status"]!.GetValue<string>());
        Assert.Equal(0, result["summary"]!["created"]!.GetValue<int>());
        Assert.Equal(2, result["summary"]!["updated"]!.GetValue<int>());
        Assert.Equal(1, result["summary"]!["deleted"]!.GetValue<int>());
    }

    [Fact]
    public async Task End_of_input_at_the_prompt_cancels_apply_and_writes_nothing()
    {
        using var dir = new TempDirectory();
        var package = Packages.Write(dir.Path, "demo.ias", Packages.RecordOnly("demo"));

        var run = await InProcessCli.RunAsync(dir.Path, null, "apply", package);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("Apply cancelled.", run.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(dir.File(".agentspec.state.json")));
    }

    [Fact]
    public async Task Only_yes_approves_the_changes()
    {
        using var dir = new TempDirectory();
        var package = Packages.Write(dir.Path, "demo.ias", Packages.RecordOnly("demo"));

        var declined = await InProcessCli.RunAsync(dir.Path, "y\n", "apply", package);
        Assert.Equal(1, declined.ExitCode);
        Assert.Contains("Apply these changes? Only 'yes' will be accepted", declined.Stdout, StringComparison.Ordinal);
        Assert.Contains("Apply cancelled. Nothing was changed.", declined.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(dir.File(".agentspec.state.json")));

        var approved = await InProcessCli.RunAsync(dir.Path, "yes\n", "apply", package);
        Assert.True(approved.ExitCode == 0, approved.ToString());
        Assert.True(File.Exists(dir.File(".agentspec.state.json")));
    }

    [Fact]
    public async Task Destroy_removes_the_package_from_state_and_leaves_other_packages()
    {
        using var dir = new TempDirectory();
        var mine = Packages.Write(dir.Path, "mine.ias", Packages.RecordOnly("mine"));
        var theirs = Packages.Write(dir.Path, "theirs.ias", Packages.RecordOnly("theirs"));
        await InProcessCli.RunAsync(dir.Path, null, "apply", mine, "--auto-approve");
        await InProcessCli.RunAsync(dir.Path, null, "apply", theirs, "--auto-approve");

        var run = await InProcessCli.RunAsync(dir.Path, null, "destroy", mine, "--auto-approve");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("Destroy complete! Resources: 2 destroyed.", run.Stdout, StringComparison.Ordinal);
        var state = await new FileStateBackend(dir.File(".agentspec.state.json")).ReadAsync(CancellationToken.None);
        Assert.All(state.Entries, e => Assert.StartsWith("theirs/", e.Fqn, StringComparison.Ordinal));
        Assert.Equal(2, state.Entries.Count);
    }

    [Fact]
    public async Task An_unknown_target_is_a_clear_error_that_lists_the_known_ones()
    {
        using var dir = new TempDirectory();
        var package = Packages.Write(dir.Path, "demo.ias", Packages.RecordOnly("demo", deploy: "deploy \"k8s\" target \"kubernetes\" {\n  default true\n}"));

        var run = await InProcessCli.RunAsync(dir.Path, null, "apply", package, "--auto-approve");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("target \"kubernetes\"", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("Known targets:", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("record-only", run.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(dir.File(".agentspec.state.json")));
    }

    [Fact]
    public async Task Target_chooses_a_deploy_block_by_name()
    {
        using var dir = new TempDirectory();
        var twoTargets = "deploy \"k8s\" target \"kubernetes\" {\n  default true\n}\n\ndeploy \"ledger\" target \"record-only\" {\n}";
        var package = Packages.Write(dir.Path, "demo.ias", Packages.RecordOnly("demo", deploy: twoTargets));

        var run = await InProcessCli.RunAsync(dir.Path, null, "apply", package, "--auto-approve", "--target", "ledger");
        var missing = await InProcessCli.RunAsync(dir.Path, null, "apply", package, "--auto-approve", "--target", "nope");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(1, missing.ExitCode);
        Assert.Contains("no deploy block named \"nope\"", missing.Stderr, StringComparison.Ordinal);
        Assert.Contains("k8s, ledger", missing.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_package_without_deploy_block_says_how_to_add_one()
    {
        using var dir = new TempDirectory();
        var package = Packages.Write(dir.Path, "demo.ias", Packages.RecordOnly("demo", deploy: string.Empty));

        var run = await InProcessCli.RunAsync(dir.Path, null, "apply", package, "--auto-approve");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("has no deploy block", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("target \"record-only\"", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Both_state_and_backup_damaged_exits_4_with_recovery_instructions()
    {
        using var dir = new TempDirectory();
        var package = Packages.Write(dir.Path, "demo.ias", Packages.RecordOnly("demo"));
        File.WriteAllText(dir.File(".agentspec.state.json"), "{\"version\":\"2\",\"serial\":");
        File.WriteAllText(dir.File(".agentspec.state.json.bak"), "garbage");

        var run = await InProcessCli.RunAsync(dir.Path, null, "apply", package, "--auto-approve");

        Assert.Equal(4, run.ExitCode);
        Assert.Contains("agentspec state recover", run.Stderr, StringComparison.Ordinal);
        Assert.Single(Directory.GetFiles(dir.Path, ".agentspec.state.json.corrupt-*"));
    }

    [Fact]
    public async Task A_damaged_state_with_a_valid_backup_is_restored_and_the_user_is_told_which_serial()
    {
        using var dir = new TempDirectory();
        var v1 = Packages.Write(dir.Path, "demo.ias", Packages.RecordOnly("demo", version: 1));
        await InProcessCli.RunAsync(dir.Path, null, "apply", v1, "--auto-approve");
        Packages.Write(dir.Path, "demo.ias", Packages.RecordOnly("demo", version: 2));
        await InProcessCli.RunAsync(dir.Path, null, "apply", v1, "--auto-approve");
        var text = File.ReadAllText(dir.File(".agentspec.state.json"));
        File.WriteAllText(dir.File(".agentspec.state.json"), text.Replace("applied", "applieD", StringComparison.Ordinal));

        var run = await InProcessCli.RunAsync(dir.Path, null, "apply", v1, "--auto-approve");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("backup with serial 1 was restored", run.Stderr, StringComparison.Ordinal);
        Assert.Single(Directory.GetFiles(dir.Path, ".agentspec.state.json.corrupt-*"));
    }
}
