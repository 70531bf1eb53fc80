using System.Text.Json.Nodes;
using AgentSpec.Testing;

namespace AgentSpec.Cli.Tests;

/// <summary><c>state migrate</c> between the file and a Redis workspace, on a real server (acceptance 7 of the Redis backend).</summary>
public sealed class StateMigrateRedisTests(StateRedisFixture redis) : IClassFixture<StateRedisFixture>
{
    private const string StateFile = ".agentspec.state.json";

    private static async Task ApplyAsync(TempDirectory dir, string package, int version, IReadOnlyDictionary<string, string>? environment = null)
    {
        var path = Packages.Write(dir.Path, $"{package}.ias", Packages.RecordOnly(package, version: version, agents: version));
        var run = await InProcessCli.RunWithEnvironmentAsync(dir.Path, null, environment, "apply", path, "--auto-approve");
        Assert.True(run.ExitCode == 0, run.ToString());
    }

    private Task<CliRun> ToRedisAsync(TempDirectory dir, string workspace, params string[] extra) =>
        InProcessCli.RunAsync(dir.Path, null, ["state", "migrate", "--to", "redis", "--state-redis", redis.ConnectionString, "--workspace", workspace, .. extra]);

    [Fact]
    public async Task A_round_trip_file_to_redis_to_file_keeps_every_byte()
    {
        using var dir = new TempDirectory();
        await ApplyAsync(dir, "demo", 1);
        await ApplyAsync(dir, "demo", 3);
        var original = await File.ReadAllBytesAsync(dir.File(StateFile));
        var workspace = StateRedisFixture.NewWorkspace();

        var toRedis = await ToRedisAsync(dir, workspace);
        using var back = new TempDirectory();
        var toFile = await InProcessCli.RunWithEnvironmentAsync(back.Path, null, redis.Environment(workspace), "state", "migrate", "--to", "file");

        Assert.True(toRedis.ExitCode == 0, toRedis.ToString());
        Assert.Contains("Copied 4 entries (serial 2, lineage ", toRedis.Stdout, StringComparison.Ordinal);
        Assert.True(toRedis.Stdout.Contains($"--state-backend redis --state-redis 127.0.0.1:{redis.Server.Port} --workspace {workspace}", StringComparison.Ordinal), toRedis.Stdout);
        Assert.Contains("export AGENTSPEC_STATE_BACKEND=redis", toRedis.Stdout, StringComparison.Ordinal);
        Assert.Contains("add it to the connection string as ,password=", toRedis.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain(StateRedisFixture.Password, toRedis.Stdout + toRedis.Stderr, StringComparison.Ordinal);
        Assert.True(toFile.ExitCode == 0, toFile.ToString());
        Assert.Equal(original, await File.ReadAllBytesAsync(back.File(StateFile)));
        Assert.Equal(original, await File.ReadAllBytesAsync(dir.File(StateFile)));

        var inRedis = await redis.Backend(workspace).ReadAsync(CancellationToken.None);
        Assert.Equal(2, inRedis.Serial);
        Assert.Equal(4, inRedis.Entries.Count);
    }

    [Fact]
    public async Task A_dry_run_to_redis_writes_nothing()
    {
        using var dir = new TempDirectory();
        await ApplyAsync(dir, "demo", 1);
        var workspace = StateRedisFixture.NewWorkspace();

        var run = await ToRedisAsync(dir, workspace, "--dry-run");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("Nothing was written (--dry-run).", run.Stdout, StringComparison.Ordinal);
        var inRedis = await redis.Backend(workspace).ReadAsync(CancellationToken.None);
        Assert.Equal(0, inRedis.Serial);
        Assert.Empty(inRedis.Entries);
    }

    [Fact]
    public async Task A_dry_run_to_file_writes_nothing()
    {
        using var dir = new TempDirectory();
        await ApplyAsync(dir, "demo", 1);
        var workspace = StateRedisFixture.NewWorkspace();
        Assert.Equal(0, (await ToRedisAsync(dir, workspace)).ExitCode);
        using var back = new TempDirectory();

        var run = await InProcessCli.RunWithEnvironmentAsync(back.Path, null, redis.Environment(workspace), "state", "migrate", "--to", "file", "--dry-run", "-o", "json");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal("dry_run", JsonNode.Parse(run.Stdout)!["status"]!.GetValue<string>());
        Assert.False(File.Exists(back.File(StateFile)));
    }

    [Fact]
    public async Task A_workspace_of_another_lineage_is_refused_and_left_alone()
    {
        using var first = new TempDirectory();
        using var second = new TempDirectory();
        await ApplyAsync(first, "one", 1);
        await ApplyAsync(second, "two", 1);
        var workspace = StateRedisFixture.NewWorkspace();
        Assert.Equal(0, (await ToRedisAsync(first, workspace)).ExitCode);

        var run = await ToRedisAsync(second, workspace);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("holds another state (lineage ", run.Stderr, StringComparison.Ordinal);
        var inRedis = await redis.Backend(workspace).ReadAsync(CancellationToken.None);
        Assert.All(inRedis.Entries, e => Assert.StartsWith("one/", e.Fqn, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_workspace_that_is_ahead_is_refused_both_ways()
    {
        using var dir = new TempDirectory();
        await ApplyAsync(dir, "demo", 1);
        var workspace = StateRedisFixture.NewWorkspace();
        Assert.Equal(0, (await ToRedisAsync(dir, workspace)).ExitCode);
        await ApplyAsync(dir, "demo", 2, redis.Environment(workspace));

        var toRedis = await ToRedisAsync(dir, workspace);
        var toFileDry = await InProcessCli.RunWithEnvironmentAsync(dir.Path, null, redis.Environment(workspace), "state", "migrate", "--to", "file", "--dry-run");
        var toFile = await InProcessCli.RunWithEnvironmentAsync(dir.Path, null, redis.Environment(workspace), "state", "migrate", "--to", "file");

        Assert.Equal(1, toRedis.ExitCode);
        Assert.Contains("already holds a newer generation of this state (serial 2; the state being copied has serial 1)", toRedis.Stderr, StringComparison.Ordinal);
        Assert.Equal(2, (await redis.Backend(workspace).ReadAsync(CancellationToken.None)).Serial);

        // The other way the file is behind: it is brought up to date.
        Assert.True(toFileDry.ExitCode == 0, toFileDry.ToString());
        Assert.True(toFile.ExitCode == 0, toFile.ToString());
        Assert.Contains("over serial 1 of the same state", toFile.Stdout, StringComparison.Ordinal);
        var list = await InProcessCli.RunAsync(dir.Path, null, "state", "list", "-o", "json");
        Assert.Equal(3, JsonNode.Parse(list.Stdout)!.AsArray().Count);
    }
}
