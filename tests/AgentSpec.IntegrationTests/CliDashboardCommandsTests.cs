using AgentSpec.AppHost.Cli;
using AgentSpec.AppHost.Runtime;
using AgentSpec.Core.CliContract;
using AgentSpec.IntegrationTests.Infrastructure;
using AgentSpec.IntegrationTests.Runtime;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;

namespace AgentSpec.IntegrationTests;

/// <summary>The cli resource's dashboard commands run the real CLI in the cli resource's working directory.</summary>
[Collection(AppHostTestGroup.Name)]
public sealed class CliDashboardCommandsTests
{
    private readonly AgentSpecAppFixture _fixture;

    public CliDashboardCommandsTests(AgentSpecAppFixture fixture)
    {
        _fixture = fixture;
    }

    [Fact]
    public async Task Plan_is_a_successful_command_whether_or_not_the_example_has_changes()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var result = await _fixture.App.ResourceCommands.ExecuteCommandAsync(CliBuilderExtensions.ResourceName, CliDashboardCommands.PlanCommand, cts.Token);

        Assert.True(result.Success, $"{result.Message}\n{ResultText(result)}");
        Assert.Contains("agentspec plan", result.Message, StringComparison.Ordinal);
        Assert.Matches("Plan: |No changes", ResultText(result));
    }

    [Fact]
    public async Task Apply_deploys_the_example_to_the_orchestrated_runtime_with_the_cli_resource_environment()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var result = await _fixture.App.ResourceCommands.ExecuteCommandAsync(CliBuilderExtensions.ResourceName, CliDashboardCommands.ApplyCommand, cts.Token);

        Assert.True(result.Success, $"{result.Message}\n{ResultText(result)}");
        Assert.Matches("Apply complete!|No changes", ResultText(result));
        using var http = _fixture.CreateRuntimeClient();
        Assert.Contains("support-bot", await new RuntimeApi(http).AgentNamesAsync(cts.Token));
    }

    [Fact]
    public async Task State_status_describes_the_shared_state_in_the_orchestrated_redis()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var result = await _fixture.App.ResourceCommands.ExecuteCommandAsync(CliBuilderExtensions.ResourceName, CliDashboardCommands.StateStatusCommand, cts.Token);

        Assert.True(result.Success, $"{result.Message}\n{ResultText(result)}");
        var workspace = (await _fixture.StateEnvironmentAsync(cts.Token))[StateVariables.Workspace];
        Assert.Contains("redis://", ResultText(result), StringComparison.Ordinal);
        Assert.Contains($"{{{workspace}}}", ResultText(result), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Force_unlock_without_a_dashboard_to_ask_for_the_lock_id_fails_with_the_terminal_command_to_use()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        var result = await _fixture.App.ResourceCommands.ExecuteCommandAsync(CliBuilderExtensions.ResourceName, CliDashboardCommands.ForceUnlockCommand, cts.Token);

        Assert.False(result.Success);
        Assert.Contains("agentspec state unlock --force LOCK_ID", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Connection_info_shows_the_export_line_with_the_runtime_url_and_api_key_of_this_run()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        var result = await _fixture.App.ResourceCommands.ExecuteCommandAsync(CliBuilderExtensions.ResourceName, CliDashboardCommands.ConnectionInfoCommand, cts.Token);

        Assert.True(result.Success, $"{result.Message}\n{ResultText(result)}");
        var lines = ResultText(result).Split('\n');
        var runtimeUrl = _fixture.RuntimeUrl.ToString().TrimEnd('/');
        Assert.Equal($"export AGENTSPEC_RUNTIME_URL={runtimeUrl} AGENTSPEC_API_KEY={_fixture.ApiKey}", lines[0]);
        var state = await _fixture.StateEnvironmentAsync(cts.Token);
        Assert.Equal(
            $"export AGENTSPEC_STATE_BACKEND=redis ConnectionStrings__state={RuntimeConnectionInfo.ShellWord(state[StateVariables.RedisConnection]!)} AGENTSPEC_WORKSPACE={state[StateVariables.Workspace]}",
            lines[1]);
    }

    private static string ResultText(ExecuteCommandResult result) => result.Data?.Value ?? string.Empty;
}
