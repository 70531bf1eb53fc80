using AgentSpec.AppHost.Cli;
using AgentSpec.IntegrationTests.Infrastructure;
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
    public async Task Plan_reports_the_changes_of_the_example_as_a_successful_plan()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var result = await _fixture.App.ResourceCommands.ExecuteCommandAsync(CliBuilderExtensions.ResourceName, CliDashboardCommands.PlanCommand, cts.Token);

        Assert.True(result.Success, result.Message);
        Assert.Contains("agentspec plan", result.Message, StringComparison.Ordinal);
        Assert.Contains("support-bot", ResultText(result), StringComparison.Ordinal);
    }

    [Fact]
    public async Task State_status_describes_the_state_file_of_the_cli_working_directory()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var result = await _fixture.App.ResourceCommands.ExecuteCommandAsync(CliBuilderExtensions.ResourceName, CliDashboardCommands.StateStatusCommand, cts.Token);

        Assert.True(result.Success, $"{result.Message}\n{ResultText(result)}");
        Assert.Contains(_fixture.CliWorkingDirectory, ResultText(result), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Force_unlock_without_a_dashboard_to_ask_for_the_lock_id_fails_with_the_terminal_command_to_use()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        var result = await _fixture.App.ResourceCommands.ExecuteCommandAsync(CliBuilderExtensions.ResourceName, CliDashboardCommands.ForceUnlockCommand, cts.Token);

        Assert.False(result.Success);
        Assert.Contains("agentspec state unlock --force LOCK_ID", result.Message, StringComparison.Ordinal);
    }

    private static string ResultText(ExecuteCommandResult result) => result.Data?.Value ?? string.Empty;
}
