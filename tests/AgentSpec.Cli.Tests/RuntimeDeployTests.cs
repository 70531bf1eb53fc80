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
    public async Task An_unreachable_runtime_marks_resources_failed_and_commits_what_succeeded()
    {
        using var dir = new TempDirectory();
        var package = Packages.Write(dir.Path, "help-desk.ias", File.ReadAllText(TestCorpus.IntentLang("help-desk.ias")));

        var apply = await Cli(dir, "apply", package, "--auto-approve", "--runtime-url", "http://127.0.0.1:9");

        Assert.Equal(1, apply.ExitCode);
        Assert.Contains("finished with errors", apply.Stderr, StringComparison.Ordinal);
        var state = await new FileStateBackend(dir.File(".agentspec.state.json")).ReadAsync(CancellationToken.None);
        var agent = state.Find("help-desk/Agent/front-desk")!;
        Assert.Equal(StateEntryStatus.Failed, agent.Status);
        Assert.Contains("could not reach the runtime", agent.Error, StringComparison.Ordinal);
        Assert.Equal(StateEntryStatus.Applied, state.Find("help-desk/Secret/booking-db")!.Status);
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

    private static Task<CliRun> Cli(TempDirectory dir, params string[] args) =>
        InProcessCli.RunWithEnvironmentAsync(dir.Path, null, KeyEnvironment, args);
}
