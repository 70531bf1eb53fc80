using System.Text.Json.Nodes;
using AgentSpec.Testing;

namespace AgentSpec.Cli.Tests;

/// <summary><c>state migrate</c> between two state files: the rules every direction shares (docs/state.md, "Migrating between backends").</summary>
public sealed class StateMigrateFileTests
{
    private const string StateFile = ".agentspec.state.json";

    private static async Task<TempDirectory> AppliedAsync(string package = "demo", int version = 1)
    {
        var dir = new TempDirectory();
        await ApplyAsync(dir, package, version);
        return dir;
    }

    private static async Task ApplyAsync(TempDirectory dir, string package, int version, params string[] extra)
    {
        var path = Packages.Write(dir.Path, $"{package}.ias", Packages.RecordOnly(package, version: version, agents: version));
        var run = await InProcessCli.RunAsync(dir.Path, null, ["apply", path, "--auto-approve", .. extra]);
        Assert.True(run.ExitCode == 0, run.ToString());
    }

    [Fact]
    public async Task Migrating_to_another_file_copies_it_byte_for_byte_and_says_how_to_switch()
    {
        using var dir = await AppliedAsync();
        await ApplyAsync(dir, "demo", 2);
        var source = await File.ReadAllBytesAsync(dir.File(StateFile));

        var run = await InProcessCli.RunAsync(dir.Path, null, "state", "migrate", "--to", "file", "--to-state-file", "copy.json");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(source, await File.ReadAllBytesAsync(dir.File("copy.json")));
        Assert.Equal(source, await File.ReadAllBytesAsync(dir.File(StateFile)));
        Assert.Contains("Copied 3 entries (serial 2, lineage ", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("the copy reads back identical", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("--state-backend file --state-file copy.json", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("export AGENTSPEC_STATE_BACKEND=file", run.Stdout, StringComparison.Ordinal);
        var verify = await InProcessCli.RunAsync(dir.Path, null, "state", "verify", "--state-file", "copy.json");
        Assert.True(verify.ExitCode == 0, verify.ToString());
    }

    [Fact]
    public async Task A_dry_run_checks_and_reports_but_writes_nothing()
    {
        using var dir = await AppliedAsync();

        var run = await InProcessCli.RunAsync(dir.Path, null, "state", "migrate", "--to", "file", "--to-state-file", "copy.json", "--dry-run", "-o", "json");

        Assert.True(run.ExitCode == 0, run.ToString());
        var json = JsonNode.Parse(run.Stdout)!;
        Assert.Equal("dry_run", json["status"]!.GetValue<string>());
        Assert.Equal(1, json["serial"]!.GetValue<long>());
        Assert.Equal(2, json["entries"]!.GetValue<int>());
        Assert.False(File.Exists(dir.File("copy.json")));
        Assert.False(File.Exists(dir.File("copy.json.bak")));
    }

    [Fact]
    public async Task Migrating_again_writes_nothing()
    {
        using var dir = await AppliedAsync();
        var first = await InProcessCli.RunAsync(dir.Path, null, "state", "migrate", "--to", "file", "--to-state-file", "copy.json");
        var written = File.GetLastWriteTimeUtc(dir.File("copy.json"));

        var second = await InProcessCli.RunAsync(dir.Path, null, "state", "migrate", "--to", "file", "--to-state-file", "copy.json", "-o", "json");

        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Equal("unchanged", JsonNode.Parse(second.Stdout)!["status"]!.GetValue<string>());
        Assert.Equal(written, File.GetLastWriteTimeUtc(dir.File("copy.json")));
    }

    [Fact]
    public async Task A_destination_of_another_lineage_is_refused_and_left_alone()
    {
        using var dir = await AppliedAsync();
        using var other = await AppliedAsync("other");
        File.Copy(other.File(StateFile), dir.File("copy.json"));
        var before = await File.ReadAllBytesAsync(dir.File("copy.json"));

        var run = await InProcessCli.RunAsync(dir.Path, null, "state", "migrate", "--to", "file", "--to-state-file", "copy.json");
        var dryRun = await InProcessCli.RunAsync(dir.Path, null, "state", "migrate", "--to", "file", "--to-state-file", "copy.json", "--dry-run");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("holds another state (lineage ", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("Nothing was written.", run.Stderr, StringComparison.Ordinal);
        Assert.Equal(1, dryRun.ExitCode);
        Assert.Contains("holds another state", dryRun.Stderr, StringComparison.Ordinal);
        Assert.Equal(before, await File.ReadAllBytesAsync(dir.File("copy.json")));
    }

    [Fact]
    public async Task A_destination_that_is_ahead_is_refused_and_left_alone()
    {
        using var dir = await AppliedAsync();
        var copied = await InProcessCli.RunAsync(dir.Path, null, "state", "migrate", "--to", "file", "--to-state-file", "copy.json");
        Assert.True(copied.ExitCode == 0, copied.ToString());
        await ApplyAsync(dir, "demo", 2, "--state-file", "copy.json");
        var before = await File.ReadAllBytesAsync(dir.File("copy.json"));

        var run = await InProcessCli.RunAsync(dir.Path, null, "state", "migrate", "--to", "file", "--to-state-file", "copy.json");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("already holds a newer generation of this state (serial 2; the state being copied has serial 1)", run.Stderr, StringComparison.Ordinal);
        Assert.Equal(before, await File.ReadAllBytesAsync(dir.File("copy.json")));
    }

    [Fact]
    public async Task A_destination_that_is_behind_is_brought_up_to_date()
    {
        using var dir = await AppliedAsync();
        await InProcessCli.RunAsync(dir.Path, null, "state", "migrate", "--to", "file", "--to-state-file", "copy.json");
        await ApplyAsync(dir, "demo", 2);

        var run = await InProcessCli.RunAsync(dir.Path, null, "state", "migrate", "--to", "file", "--to-state-file", "copy.json");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("over serial 1 of the same state", run.Stdout, StringComparison.Ordinal);
        Assert.Equal(await File.ReadAllBytesAsync(dir.File(StateFile)), await File.ReadAllBytesAsync(dir.File("copy.json")));
    }

    [Fact]
    public async Task Nothing_to_migrate_and_the_same_place_are_clear_errors()
    {
        using var dir = new TempDirectory();

        var empty = await InProcessCli.RunAsync(dir.Path, null, "state", "migrate", "--to", "file", "--to-state-file", "copy.json");
        var same = await InProcessCli.RunAsync(dir.Path, null, "state", "migrate", "--to", "file");

        Assert.Equal(1, empty.ExitCode);
        Assert.Contains("There is no state at ", empty.Stderr, StringComparison.Ordinal);
        Assert.Contains("there is nothing to migrate", empty.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(dir.File("copy.json")));
        Assert.Equal(1, same.ExitCode);
        Assert.Contains("The state already is the file", same.Stderr, StringComparison.Ordinal);
    }
}
