using AgentSpec.AppHost.Cli;
using AgentSpec.AppHost.Runtime;
using AgentSpec.Core.CliContract;
using Aspire.Hosting.ApplicationModel;

namespace AgentSpec.AppHost.Tests.Model;

/// <summary>The <c>cli</c> resource and its dashboard commands keep state in the orchestrated redis, in a workspace per AppHost.</summary>
public sealed class CliStateModelTests
{
    [Fact]
    public async Task The_cli_uses_the_redis_backend_on_the_orchestrated_redis_in_the_apphost_workspace()
    {
        await using var builder = await AppModel.CreateAsync("--AgentSpec:Redis:Mode=garnet");

        var cli = builder.Resource<ProjectResource>(CliBuilderExtensions.ResourceName);
        Assert.Contains(cli.Annotations.OfType<WaitAnnotation>(), w => w.Resource.Name == "redis");
        var environment = await builder.EnvironmentAsync(cli);
        Assert.Equal("redis", environment[StateVariables.Backend]);
        var connection = Assert.IsType<ConnectionStringReference>(environment[StateVariables.RedisConnection]);
        Assert.Equal("redis", connection.Resource.Name);
        var workspace = Assert.IsType<string>(environment[StateVariables.Workspace]);
        Assert.Equal(CliStateBackend.FromApplicationName(builder.Environment.ApplicationName), workspace);
        Assert.NotEqual(StateVariables.DefaultWorkspace, workspace);

        // The runtime's banner and the Connection info command print the same state for a terminal.
        var runtime = builder.Resource<ProjectResource>(RuntimeBuilderExtensions.ResourceName);
        var state = Assert.Single(runtime.Annotations.OfType<StateConnectionAnnotation>());
        Assert.Equal("redis", state.Redis.Name);
        Assert.Equal(workspace, state.Workspace);
    }

    [Fact]
    public async Task The_workspace_is_configurable()
    {
        await using var builder = await AppModel.CreateAsync("--AgentSpec:Redis:Mode=garnet", "--AgentSpec:Cli:Workspace=team-a");

        var environment = await builder.EnvironmentAsync(builder.Resource<ProjectResource>(CliBuilderExtensions.ResourceName));

        Assert.Equal("team-a", environment[StateVariables.Workspace]);
    }

    [Fact]
    public async Task A_bad_workspace_stops_the_AppHost_with_a_clear_error()
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => AppModel.CreateAsync("--AgentSpec:Redis:Mode=garnet", "--AgentSpec:Cli:Workspace=team a"));

        Assert.Contains("AgentSpec:Cli:Workspace is 'team a', not a workspace name", error.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("AgentSpec.AppHost", "agentspec.apphost")]
    [InlineData("My App Host", "my-app-host")]
    [InlineData("__x", "x")]
    [InlineData("", "default")]
    public void The_default_workspace_is_the_application_name_in_workspace_characters(string applicationName, string expected) =>
        Assert.Equal(expected, CliStateBackend.FromApplicationName(applicationName));

    [Fact]
    public void The_state_line_follows_the_runtime_line_before_the_dashboard()
    {
        var info = new RuntimeConnectionInfo(new Uri("http://localhost:5180"), "k", "http://localhost:15080")
        {
            StateExportLine = "export AGENTSPEC_STATE_BACKEND=redis ConnectionStrings__state=localhost:6379,password=p AGENTSPEC_WORKSPACE=w",
        };

        Assert.Equal($"{info.ExportLine}\n{info.StateExportLine}\nDashboard: http://localhost:15080", info.Describe());
    }
}
