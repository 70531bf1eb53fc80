using System.Text.Json.Nodes;
using AgentSpec.Cli.Runtime;
using AgentSpec.Cli.Tests.Runtime;
using AgentSpec.Core.RuntimeApi;
using AgentSpec.Core.State;
using AgentSpec.Core.State.FileBackend;
using AgentSpec.Runtime.Tests.Hosting;
using AgentSpec.Testing;

namespace AgentSpec.Cli.Tests;

/// <summary><c>agentspec apply</c> against a running runtime (issue 4, acceptance 8).</summary>
public sealed class RuntimeDeployTests
{
    private static readonly Dictionary<string, string> KeyEnvironment = new() { [RuntimeVariables.ApiKey] = RuntimeInstance.ApiKey };

    [Fact]
    public async Task Apply_deploys_the_help_desk_agent_lists_it_updates_on_prompt_change_destroy_removes_it_and_sessions_chat()
    {
        await using var runtime = await RuntimeInstance.StartAsync();
        using var dir = new TempDirectory();
        var source = File.ReadAllText(TestCorpus.IntentLang("help-desk.ias"));
        var package = Packages.Write(dir.Path, "help-desk.ias", source);
        var url = runtime.BaseAddress.ToString();

        var apply = await Cli(dir, "apply", package, "--auto-approve", "--runtime-url", url);
        Assert.True(apply.ExitCode == 0, apply.ToString());
        Assert.Contains("Apply complete! Resources: 8 created", apply.Stdout, StringComparison.Ordinal);

        var agents = await Cli(dir, "agents", "--runtime-url", url, "-o", "json");
        var listed = Assert.Single(JsonNode.Parse(agents.Stdout)!.AsArray())!;
        Assert.Equal("front-desk", listed["name"]!.GetValue<string>());
        var firstHash = listed["hash"]!.GetValue<string>();
        var state = await new FileStateBackend(dir.File(".agentspec.state.json")).ReadAsync(CancellationToken.None);
        Assert.All(state.Entries, e => Assert.Equal(("runtime", StateEntryStatus.Applied), (e.Adapter, e.Status)));

        Packages.Write(dir.Path, "help-desk.ias", source.Replace("help desk of Riverside Bike Hire.", "help desk of Lakeside Bike Hire.", StringComparison.Ordinal));
        var update = await Cli(dir, "apply", package, "--auto-approve", "--runtime-url", url);
        Assert.True(update.ExitCode == 0, update.ToString());
        Assert.Contains("~ Prompt/triage", update.Stdout, StringComparison.Ordinal);
        var updated = JsonNode.Parse((await Cli(dir, "agents", "--runtime-url", url, "-o", "json")).Stdout)!.AsArray().Single()!;
        Assert.NotEqual(firstHash, updated["hash"]!.GetValue<string>());

        var session = (await Cli(dir, "sessions", "create", "front-desk", "--runtime-url", url)).Stdout.Trim();
        Assert.StartsWith("sess_", session, StringComparison.Ordinal);
        var reply = await Cli(dir, "sessions", "send", "front-desk", session, "my ticket is 42", "--runtime-url", url);
        Assert.True(reply.ExitCode == 0, reply.ToString());
        Assert.Contains("offline model", reply.Stdout, StringComparison.Ordinal);
        Assert.Contains("my ticket is 42", reply.Stdout, StringComparison.Ordinal);
        var history = await Cli(dir, "sessions", "history", "front-desk", session, "--runtime-url", url, "-o", "json");
        Assert.Equal(["user", "assistant"], JsonNode.Parse(history.Stdout)!["messages"]!.AsArray().Select(m => m!["role"]!.GetValue<string>()));

        var destroy = await Cli(dir, "destroy", package, "--auto-approve", "--runtime-url", url);
        Assert.True(destroy.ExitCode == 0, destroy.ToString());
        Assert.Empty(JsonNode.Parse((await Cli(dir, "agents", "--runtime-url", url, "-o", "json")).Stdout)!.AsArray());
        Assert.Empty((await new FileStateBackend(dir.File(".agentspec.state.json")).ReadAsync(CancellationToken.None)).Entries);
    }

    [Fact]
    public async Task Agents_says_the_offline_model_answers_and_history_shows_tool_calls_on_one_line()
    {
        await using var runtime = await RuntimeInstance.StartAsync();
        using var dir = new TempDirectory();
        var package = Packages.Write(dir.Path, "help-desk.ias", File.ReadAllText(TestCorpus.IntentLang("help-desk.ias")));
        var url = runtime.BaseAddress.ToString();
        var apply = await Cli(dir, "apply", package, "--auto-approve", "--runtime-url", url);
        Assert.True(apply.ExitCode == 0, apply.ToString());

        var agents = await Cli(dir, "agents", "--runtime-url", url);
        Assert.Contains("(offline)", agents.Stdout, StringComparison.Ordinal);
        Assert.Contains("built-in offline model", agents.Stdout, StringComparison.Ordinal);
        Assert.Equal("offline", JsonNode.Parse((await Cli(dir, "agents", "--runtime-url", url, "-o", "json")).Stdout)!.AsArray().Single()!["served_by"]!.GetValue<string>());

        var session = (await Cli(dir, "sessions", "create", "front-desk", "--runtime-url", url)).Stdout.Trim();
        var reply = await Cli(dir, "sessions", "send", "front-desk", session, """use skill "find-booking" {"reference": "R-42"}""", "--runtime-url", url);
        Assert.True(reply.ExitCode == 0, reply.ToString());

        var history = await Cli(dir, "sessions", "history", "front-desk", session, "--runtime-url", url);
        var lines = history.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(4, lines.Length);
        Assert.EndsWith("""tool call: find-booking {"reference":"R-42"}""", lines[1], StringComparison.Ordinal);
        Assert.EndsWith("tool result: find-booking → error: binary 'booking-find' is not on the runtime's allow-list (configure AgentSpec:Tools:AllowedBinaries)", lines[2], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("apply")]
    [InlineData("destroy")]
    public async Task A_wrong_api_key_stops_apply_and_destroy_before_the_lock_with_one_sentence_and_the_hint(string verb)
    {
        await using var runtime = await RuntimeInstance.StartAsync();
        using var dir = new TempDirectory();
        var source = File.ReadAllText(TestCorpus.IntentLang("help-desk.ias"));
        var package = Packages.Write(dir.Path, "help-desk.ias", source);
        var url = runtime.BaseAddress.ToString();
        var applied = await Cli(dir, "apply", package, "--auto-approve", "--runtime-url", url);
        Assert.True(applied.ExitCode == 0, applied.ToString());
        Packages.Write(dir.Path, "help-desk.ias", source.Replace("Riverside", "Lakeside", StringComparison.Ordinal));
        var stateFile = dir.File(".agentspec.state.json");
        var before = await File.ReadAllTextAsync(stateFile);

        var run = await InProcessCli.RunWithEnvironmentAsync(dir.Path, null,
            new Dictionary<string, string> { [RuntimeVariables.ApiKey] = "wrong" }, verb, package, "--auto-approve", "--runtime-url", url);

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Equal(
            ["Error: The runtime refused the request: The API key is not valid.", $"  hint: Pass the runtime's API key with --api-key or {RuntimeVariables.ApiKey}."],
            run.Stderr.TrimEnd().Split('\n'));
        Assert.DoesNotContain("failed", run.Stdout, StringComparison.Ordinal);
        Assert.Equal(before, await File.ReadAllTextAsync(stateFile));
        await AssertLockIsFreeAsync(stateFile);
        Assert.Single(JsonNode.Parse((await Cli(dir, "agents", "--runtime-url", url, "-o", "json")).Stdout)!.AsArray());
    }

    [Fact]
    public async Task A_missing_api_key_stops_apply_before_anything_is_written()
    {
        await using var runtime = await RuntimeInstance.StartAsync();
        using var dir = new TempDirectory();
        var package = Packages.Write(dir.Path, "help-desk.ias", File.ReadAllText(TestCorpus.IntentLang("help-desk.ias")));

        var run = await InProcessCli.RunWithEnvironmentAsync(dir.Path, null, new Dictionary<string, string>(), "apply", package, "--auto-approve", "--runtime-url", runtime.BaseAddress.ToString());

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.StartsWith("Error: The runtime refused the request: ", run.Stderr, StringComparison.Ordinal);
        Assert.Contains($"hint: Pass the runtime's API key with --api-key or {RuntimeVariables.ApiKey}.", run.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(dir.File(".agentspec.state.json")));
        await AssertLockIsFreeAsync(dir.File(".agentspec.state.json"));
    }

    [Fact]
    public async Task An_unreachable_runtime_stops_apply_before_the_lock_and_creates_no_state()
    {
        using var dir = new TempDirectory();
        var package = Packages.Write(dir.Path, "help-desk.ias", File.ReadAllText(TestCorpus.IntentLang("help-desk.ias")));

        var apply = await Cli(dir, "apply", package, "--auto-approve", "--runtime-url", "http://127.0.0.1:9");

        Assert.True(apply.ExitCode == 1, apply.ToString());
        var lines = apply.Stderr.TrimEnd().Split('\n');
        Assert.Equal(2, lines.Length);
        Assert.StartsWith("Error: Could not reach the runtime at http://127.0.0.1:9/: ", lines[0], StringComparison.Ordinal);
        Assert.Equal($"  hint: Check that the runtime is running and the URL is right (--runtime-url or {RuntimeVariables.RuntimeUrl}).", lines[1]);
        Assert.DoesNotContain("Creating...", apply.Stdout, StringComparison.Ordinal);
        Assert.False(File.Exists(dir.File(".agentspec.state.json")));
        await AssertLockIsFreeAsync(dir.File(".agentspec.state.json"));
    }

    [Fact]
    public async Task A_plan_without_runtime_changes_needs_no_runtime()
    {
        using var dir = new TempDirectory();
        var recordOnly = Packages.Write(dir.Path, "demo.ias", Packages.RecordOnly("demo"));
        var secretsOnly = Packages.Write(dir.Path, "vault.ias", """
            package "vault" version "0.1.0" lang "2.0"

            secret "db" {
              env(VAULT_DB_URL)
            }

            deploy "rt" target "runtime" {
              default true
            }
            """);

        var recorded = await Cli(dir, "apply", recordOnly, "--auto-approve", "--runtime-url", "http://127.0.0.1:9");
        var secrets = await Cli(dir, "apply", secretsOnly, "--auto-approve", "--runtime-url", "http://127.0.0.1:9");

        Assert.True(recorded.ExitCode == 0, recorded.ToString());
        Assert.True(secrets.ExitCode == 0, secrets.ToString());
        Assert.Contains("Apply complete! Resources: 1 created", secrets.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wrong_api_key_is_reported_with_a_hint()
    {
        await using var runtime = await RuntimeInstance.StartAsync();
        using var dir = new TempDirectory();

        var run = await InProcessCli.RunWithEnvironmentAsync(dir.Path, null,
            new Dictionary<string, string> { [RuntimeVariables.ApiKey] = "wrong" }, "agents", "--runtime-url", runtime.BaseAddress.ToString());

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("--api-key", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Chat_reads_lines_until_end_of_input()
    {
        await using var runtime = await RuntimeInstance.StartAsync();
        using var dir = new TempDirectory();
        var package = Packages.Write(dir.Path, "help-desk.ias", File.ReadAllText(TestCorpus.IntentLang("help-desk.ias")));
        await Cli(dir, "apply", package, "--auto-approve", "--runtime-url", runtime.BaseAddress.ToString());

        var run = await InProcessCli.RunWithEnvironmentAsync(dir.Path, "hello\n\nsecond line\n",
            KeyEnvironment, "chat", "front-desk", "--runtime-url", runtime.BaseAddress.ToString());

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("hello", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("second line", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("Ctrl-D to leave", run.Stderr, StringComparison.Ordinal);
    }

    private static async Task AssertLockIsFreeAsync(string stateFile)
    {
        await using var free = await new FileStateBackend(stateFile).LockAsync(new StateLockOptions { LockTimeout = TimeSpan.Zero }, CancellationToken.None);
    }

    private static Task<CliRun> Cli(TempDirectory dir, params string[] args) =>
        InProcessCli.RunWithEnvironmentAsync(dir.Path, null, KeyEnvironment, args);
}
