using System.Diagnostics;
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
        Assert.Contains("--from-backup, --serial N or --from FILE", run.Stderr, StringComparison.Ordinal);
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
        Assert.Contains("There is no current state file.", recover.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("cannot be read", recover.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_state_from_a_newer_agentspec_is_reported_as_such_by_every_command_and_never_replaced()
    {
        using var dir = await AppliedAsync();
        var package = Packages.Write(dir.Path, "demo.ias", Packages.RecordOnly("demo", version: 2));
        await InProcessCli.RunAsync(dir.Path, null, "apply", package, "--auto-approve");
        var newer = "{\"version\":\"3\",\"serial\":9,\"entries\":[]}\n";
        File.WriteAllText(dir.File(".agentspec.state.json"), newer);

        var verify = await InProcessCli.RunAsync(dir.Path, null, "state", "verify");
        var verifyJson = await InProcessCli.RunAsync(dir.Path, null, "state", "verify", "-o", "json");
        var status = await InProcessCli.RunAsync(dir.Path, null, "state", "status");
        var plan = await InProcessCli.RunAsync(dir.Path, null, "plan", package);
        var apply = await InProcessCli.RunAsync(dir.Path, null, "apply", package, "--auto-approve");
        var recover = await InProcessCli.RunAsync(dir.Path, null, "state", "recover", "--from-backup", "--auto-approve");

        Assert.Equal(1, verify.ExitCode);
        Assert.Contains("written by a newer AgentSpec (format 3)", verify.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("DAMAGED", verify.Stdout, StringComparison.Ordinal);
        Assert.Equal("newer_format", JsonNode.Parse(verifyJson.Stdout)!["state"]!["condition"]!.GetValue<string>());
        Assert.Contains("written by a newer AgentSpec (format 3)", status.Stdout, StringComparison.Ordinal);
        foreach (var run in new[] { plan, apply, recover })
        {
            Assert.True(run.ExitCode == 1, run.ToString());
            Assert.Contains("written by a newer AgentSpec (format 3)", run.Stderr, StringComparison.Ordinal);
        }

        Assert.Equal(newer, File.ReadAllText(dir.File(".agentspec.state.json")));
        Assert.Empty(Directory.GetFiles(dir.Path, "*corrupt-*"));
    }

    [Fact]
    public async Task A_symbolic_link_at_the_state_path_is_a_configuration_error_not_damage()
    {
        using var dir = await AppliedAsync();
        File.Move(dir.File(".agentspec.state.json"), dir.File("real.json"));
        File.Delete(dir.File(".agentspec.state.json.bak"));
        File.CreateSymbolicLink(dir.File(".agentspec.state.json"), "real.json");

        var verify = await InProcessCli.RunAsync(dir.Path, null, "state", "verify");
        var list = await InProcessCli.RunAsync(dir.Path, null, "state", "list");

        Assert.Equal(1, verify.ExitCode);
        Assert.Contains("a symbolic link", verify.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("DAMAGED", verify.Stdout, StringComparison.Ordinal);
        Assert.Equal(1, list.ExitCode);
        Assert.Contains("is a symbolic link", list.Stderr, StringComparison.Ordinal);
        Assert.Contains($"hint: Point --state-file at the real file (--state-file {dir.File("real.json")})", list.Stderr, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(dir.Path, "*corrupt-*"));
    }

    [Fact]
    public async Task Status_shows_a_lock_held_with_flock_1_and_holder_information_left_by_a_dead_process()
    {
        using var dir = await AppliedAsync();
        var lockPath = dir.File(".agentspec.state.json.lock");
        var info = new ProcessStartInfo("flock") { RedirectStandardInput = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var argument in new[] { lockPath, "sh", "-c", "echo LOCKED; exec cat" })
        {
            info.ArgumentList.Add(argument);
        }

        using (var flock = Process.Start(info)!)
        {
            try
            {
                Assert.Equal("LOCKED", await flock.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60)));
                var held = await InProcessCli.RunAsync(dir.Path, null, "state", "status");
                Assert.Contains("Lock:     held by an unidentified holder", held.Stdout, StringComparison.Ordinal);
                Assert.DoesNotContain("Lock:     free", held.Stdout, StringComparison.Ordinal);
            }
            finally
            {
                flock.StandardInput.Close();
                await flock.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
            }
        }

        var lockFileId = AgentSpec.Core.State.FileBackend.FileSystem.LinuxStateFileSystem.Instance.GetInfo(lockPath)!.Id;
        File.WriteAllText(
            dir.File(".agentspec.state.json.lock.info"),
            $"{{\"lock_id\":\"b2e665c2038d4a6e8b7a2ea238e9b1a4\",\"pid\":999999,\"hostname\":\"vm\",\"user\":\"root\",\"operation\":\"apply\",\"created\":\"2026-11-25T10:00:00+00:00\",\"renewed\":\"2026-11-25T10:00:00+00:00\",\"lock_file_id\":\"{lockFileId}\"}}");
        var left = await InProcessCli.RunAsync(dir.Path, null, "state", "status");
        Assert.Contains("Lock:     free; PID 999999 on vm (apply, started ", left.Stdout, StringComparison.Ordinal);
        Assert.Contains("exited without releasing it", left.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_copy_repaired_by_hand_is_restored_only_with_accept_checksum_mismatch()
    {
        using var dir = await AppliedAsync();
        var repaired = dir.File("repaired.json");
        var json = JsonNode.Parse(File.ReadAllText(dir.File(".agentspec.state.json")))!;
        json["entries"]![0]!["error"] = "checked by hand";
        File.WriteAllText(repaired, json.ToJsonString());

        var refused = await InProcessCli.RunAsync(dir.Path, null, "state", "recover", "--from", "repaired.json", "--auto-approve");
        var resealed = await InProcessCli.RunAsync(dir.Path, null, "state", "recover", "--from", "repaired.json", "--accept-checksum-mismatch", "--auto-approve");
        var verify = await InProcessCli.RunAsync(dir.Path, null, "state", "verify");
        var candidate = await InProcessCli.RunAsync(dir.Path, null, "state", "verify", "--state-file", "repaired.json");

        Assert.Equal(4, candidate.ExitCode);
        Assert.Contains("Only the checksum is wrong", candidate.Stdout, StringComparison.Ordinal);
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("checksum mismatch", refused.Stderr, StringComparison.Ordinal);
        Assert.Contains("--accept-checksum-mismatch", refused.Stderr, StringComparison.Ordinal);
        Assert.True(resealed.ExitCode == 0, resealed.ToString());
        Assert.Contains("The source is not sealed (checksum mismatch", resealed.Stdout, StringComparison.Ordinal);
        Assert.Contains("it is now serial 2", resealed.Stdout, StringComparison.Ordinal);
        Assert.True(verify.ExitCode == 0, verify.ToString());
    }

    [Fact]
    public async Task A_source_of_another_lineage_is_refused_before_the_prompt_naming_the_flag()
    {
        using var dir = await AppliedAsync();
        using var other = await AppliedAsync();

        var run = await InProcessCli.RunAsync(dir.Path, "yes\n", "state", "recover", "--from", other.File(".agentspec.state.json"));

        Assert.Equal(1, run.ExitCode);
        Assert.DoesNotContain("Restore this state?", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("hint: If replacing the state with it is intended, run the command again with --allow-lineage-change", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Both_files_damaged_exit_4_with_a_hint_that_does_not_send_the_user_to_quarantined_copies()
    {
        using var dir = await AppliedAsync();
        File.WriteAllText(dir.File(".agentspec.state.json"), "{");
        File.WriteAllText(dir.File(".agentspec.state.json.bak"), "{");

        var verify = await InProcessCli.RunAsync(dir.Path, null, "state", "verify");
        var list = await InProcessCli.RunAsync(dir.Path, null, "state", "list");

        Assert.Equal(4, verify.ExitCode);
        Assert.Equal(4, list.ExitCode);
        Assert.DoesNotContain("quarantined or archived", list.Stderr, StringComparison.Ordinal);
        Assert.Contains("--accept-checksum-mismatch", list.Stderr, StringComparison.Ordinal);
    }
}
