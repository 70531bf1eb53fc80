using System.Text.Json;
using AgentSpec.AppHost.Cli;
using AgentSpec.IntegrationTests.Infrastructure;
using AgentSpec.IntegrationTests.Runtime;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;

namespace AgentSpec.IntegrationTests;

/// <summary>
/// Integration test 2: the CLI applies the examples to the orchestrated runtime — once as the AppHost's
/// <c>cli</c> resource (service discovery and the API key from the app model), once as a process given the
/// runtime's URL and key — the runtime lists the agents, the state file records them, and a second apply
/// reports no changes.
/// </summary>
[Collection(AppHostTestGroup.Name)]
public sealed class CliApplyTests
{
    private readonly AgentSpecAppFixture _fixture;

    public CliApplyTests(AgentSpecAppFixture fixture)
    {
        _fixture = fixture;
    }

    [Fact]
    public async Task The_cli_resource_applies_the_support_bot_example_to_the_runtime_and_a_second_apply_changes_nothing()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        var exit = await StartCliResourceAndWaitAsync(cts.Token);
        var log = await ResourceFailures.LogOfAsync(_fixture.App, exit.ResourceId);
        Assert.True(exit.Snapshot.ExitCode == 0, $"The cli resource exited with {exit.Snapshot.ExitCode}:\n{log}");
        // Another test (the dashboard's Apply) may have applied the same folder first.
        Assert.True(log.Contains("Apply complete!", StringComparison.Ordinal) || log.Contains("No changes", StringComparison.Ordinal), log);

        using var http = _fixture.CreateRuntimeClient();
        var agents = await new RuntimeApi(http).AgentNamesAsync(cts.Token);
        Assert.Contains("support-bot", agents);

        // The cli resource keeps its state in the orchestrated redis, not in its working directory.
        Assert.False(File.Exists(Path.Combine(_fixture.CliWorkingDirectory, ".agentspec.state.json")));
        var environment = await RuntimeAndStateEnvironmentAsync(cts.Token);
        Assert.Contains("support-bot/Agent/support-bot", await RecordedFqnsAsync(environment));

        var second = await AgentSpecCliProcess.RunAsync(["--chdir", _fixture.CliWorkingDirectory, "apply", "--auto-approve"], environment);
        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Contains("No changes", second.Stdout, StringComparison.Ordinal);
        var plan = await AgentSpecCliProcess.RunAsync(["--chdir", _fixture.CliWorkingDirectory, "plan"], environment);
        Assert.True(plan.ExitCode == 0, plan.ToString());
    }

    [Fact]
    public async Task A_cli_process_given_the_runtime_url_and_key_applies_a_package_of_two_agents()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        var package = Path.Combine(_fixture.ExamplesDirectory, "trip-planner");
        var apply = await AgentSpecCliProcess.RunAsync(["--chdir", package, "apply", "--auto-approve", "--runtime-url", _fixture.RuntimeUrl.ToString(), "--api-key", _fixture.ApiKey]);
        Assert.True(apply.ExitCode == 0, apply.ToString());

        using var http = _fixture.CreateRuntimeClient();
        var agents = await new RuntimeApi(http).AgentNamesAsync(cts.Token);
        Assert.Contains("planner", agents);
        Assert.Contains("itinerary-checker", agents);
        var recorded = RecordedFqns(Path.Combine(package, ".agentspec.state.json"));
        Assert.Contains("trip-planner/Agent/planner", recorded);
        Assert.Contains("trip-planner/Agent/itinerary-checker", recorded);

        var again = await AgentSpecCliProcess.RunAsync(["--chdir", package, "apply", "--auto-approve", "--runtime-url", _fixture.RuntimeUrl.ToString(), "--api-key", _fixture.ApiKey]);
        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Contains("No changes", again.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_dashboard_apply_and_a_terminal_cli_apply_at_once_to_the_orchestrated_redis_and_both_packages_are_recorded()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        var environment = await RuntimeAndStateEnvironmentAsync(cts.Token);
        var ledger = Path.Combine(_fixture.ExamplesDirectory, "record-only");

        var dashboard = _fixture.App.ResourceCommands.ExecuteCommandAsync(CliBuilderExtensions.ResourceName, CliDashboardCommands.ApplyCommand, cts.Token);
        var terminal = AgentSpecCliProcess.RunAsync(["--chdir", ledger, "apply", "--auto-approve", "--lock-timeout", "3m"], environment);
        await Task.WhenAll(dashboard, terminal);

        Assert.True((await dashboard).Success, $"{(await dashboard).Message}\n{(await dashboard).Data?.Value}");
        Assert.True((await terminal).ExitCode == 0, (await terminal).ToString());
        var recorded = await RecordedFqnsAsync(environment);
        Assert.Contains("support-bot/Agent/support-bot", recorded);
        Assert.Contains(recorded, fqn => fqn.StartsWith("ledger/", StringComparison.Ordinal));
        Assert.False(File.Exists(Path.Combine(ledger, ".agentspec.state.json")));
        var verify = await AgentSpecCliProcess.RunAsync(["state", "verify"], environment);
        Assert.True(verify.ExitCode == 0, verify.ToString());
    }

    private async Task<Dictionary<string, string?>> RuntimeAndStateEnvironmentAsync(CancellationToken cancellationToken)
    {
        var environment = await _fixture.StateEnvironmentAsync(cancellationToken);
        environment["services__runtime__http__0"] = _fixture.RuntimeUrl.ToString();
        environment["AGENTSPEC_API_KEY"] = _fixture.ApiKey;
        return environment;
    }

    private static async Task<string[]> RecordedFqnsAsync(IReadOnlyDictionary<string, string?> environment)
    {
        var list = await AgentSpecCliProcess.RunAsync(["state", "list", "--output", "json"], environment);
        Assert.True(list.ExitCode == 0, list.ToString());
        using var entries = JsonDocument.Parse(list.Stdout);
        return entries.RootElement.EnumerateArray().Select(e => e.GetProperty("fqn").GetString()!).ToArray();
    }

    private async Task<ResourceEvent> StartCliResourceAndWaitAsync(CancellationToken cancellationToken)
    {
        var started = await _fixture.App.ResourceCommands.ExecuteCommandAsync(CliBuilderExtensions.ResourceName, KnownResourceCommands.StartCommand, cancellationToken);
        Assert.True(started.Success, started.Message);
        return await _fixture.App.ResourceNotifications.WaitForResourceAsync(
            CliBuilderExtensions.ResourceName,
            e => e.Snapshot.State?.Text is { } state && KnownResourceStates.TerminalStates.Contains(state) && e.Snapshot.ExitCode is not null,
            cancellationToken);
    }

    private static string[] RecordedFqns(string statePath)
    {
        using var state = JsonDocument.Parse(File.ReadAllText(statePath));
        return state.RootElement.GetProperty("entries").EnumerateArray().Select(e => e.GetProperty("fqn").GetString()!).ToArray();
    }
}
