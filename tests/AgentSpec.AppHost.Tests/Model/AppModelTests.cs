using AgentSpec.AppHost.Cli;
using AgentSpec.AppHost.Redis;
using AgentSpec.AppHost.Runtime;
using AgentSpec.AppHost.Tests.Redis;
using AgentSpec.Core.RuntimeApi;
using AgentSpec.Testing;
using TempDirectory = AgentSpec.Testing.TempDirectory;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;

namespace AgentSpec.AppHost.Tests.Model;

/// <summary>The resources the AppHost declares, read from the real Program without starting them.</summary>
public sealed class AppModelTests
{
    [Fact]
    public async Task Executable_mode_runs_redis_server_from_the_data_directory_with_only_the_config_path_and_port_on_its_command_line()
    {
        // The model is checked without running (or needing) redis-server: the probe reports where a machine has it.
        const string RedisServerOnPath = "/opt/redis/bin/redis-server";
        using var data = new TempDirectory();
        var builder = AppModel.CreateRedisOnly(
            new FakeProbes(containerAnswers: true, redisServer: RedisServerOnPath),
            "--AgentSpec:Redis:Mode=executable",
            $"--AgentSpec:Redis:DataDirectory={data.Path}");

        var redis = builder.Resource<RedisServerResource>("redis");
        Assert.Equal(AgentSpec.AppHost.Redis.RedisServerKind.RedisServer, redis.Kind);
        Assert.Equal(RedisServerOnPath, redis.Command);
        Assert.Equal(data.Path, redis.WorkingDirectory);
        Assert.Equal(Path.Combine(data.Path, "redis.conf"), redis.ConfigurationFile);
        Assert.Contains(redis.Annotations.OfType<HealthCheckAnnotation>(), h => h.Key == "redis_ping");
        var endpoint = Assert.Single(redis.Annotations.OfType<EndpointAnnotation>());
        Assert.Equal("tcp", endpoint.UriScheme);

        var arguments = await redis.ArgumentsAsync();
        Assert.Equal(redis.ConfigurationFile, arguments[0]);
        Assert.Equal("--port", arguments[1]);
        Assert.IsType<EndpointReferenceExpression>(arguments[2]);
        Assert.DoesNotContain(arguments, a => a is ParameterResource);

        Assert.Equal("{redis.bindings.tcp.host}:{redis.bindings.tcp.port},password={redis-password.value}", redis.ConnectionStringExpression.ValueExpression);
        Assert.True(builder.Resource<ParameterResource>(AgentSpecRedisExtensions.PasswordParameterName).Secret);
    }

    [Fact]
    public async Task The_runtime_gets_the_model_endpoint_its_secret_key_the_deployments_map_tools_and_secrets_from_the_AppHost()
    {
        using var data = new TempDirectory();
        await using var builder = await AppModel.CreateAsync(
            $"--AgentSpec:Redis:DataDirectory={data.Path}",
            "--Parameters:model-endpoint=http://localhost:11434/v1",
            "--Parameters:model-api-key=sk-test-key",
            "--AgentSpec:Models:Deployments:claude-haiku-latest=llama3.2",
            "--AgentSpec:Tools:AllowedBinaries:0=order-status",
            "--AgentSpec:Secrets:shop-api-token=tok-123");

        var runtime = builder.Resource<ProjectResource>(RuntimeBuilderExtensions.ResourceName);
        var environment = await builder.EnvironmentAsync(runtime);
        Assert.Equal(RuntimeModelParameters.EndpointParameter, Assert.IsType<ParameterResource>(environment["AgentSpec__Models__Endpoint"]).Name);
        Assert.True(Assert.IsType<ParameterResource>(environment["AgentSpec__Models__ApiKey"]).Secret);
        Assert.Equal("llama3.2", environment["AgentSpec__Models__Deployments__claude-haiku-latest"]);
        Assert.Equal("order-status", environment["AgentSpec__Tools__AllowedBinaries__0"]);
        Assert.True(Assert.IsType<ParameterResource>(environment["AgentSpec__Secrets__shop-api-token"]).Secret);
        Assert.False(environment.ContainsKey("AgentSpec__Models__Model"));
    }

    [Fact]
    public async Task Without_a_model_endpoint_the_runtime_keeps_its_offline_model()
    {
        using var data = new TempDirectory();
        await using var builder = await AppModel.CreateAsync($"--AgentSpec:Redis:DataDirectory={data.Path}");

        var environment = await builder.EnvironmentAsync(builder.Resource<ProjectResource>(RuntimeBuilderExtensions.ResourceName));
        Assert.DoesNotContain(environment.Keys, key => key.StartsWith("AgentSpec__Models__", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Garnet_mode_runs_the_garnet_tool_with_the_dotnet_host()
    {
        using var data = new TempDirectory();
        await using var builder = await AppModel.CreateAsync("--AgentSpec:Redis:Mode=garnet", $"--AgentSpec:Redis:DataDirectory={data.Path}");

        var redis = builder.Resource<RedisServerResource>("redis");
        Assert.Equal(AgentSpec.AppHost.Redis.RedisServerKind.Garnet, redis.Kind);
        Assert.Equal("dotnet", Path.GetFileNameWithoutExtension(redis.Command));
        Assert.Equal(Path.Combine(data.Path, "garnet.conf"), redis.ConfigurationFile);
        Assert.Equal("{redis.bindings.tcp.host}:{redis.bindings.tcp.port},password={redis-password.value}", redis.ConnectionStringExpression.ValueExpression);
    }

    [Fact]
    public async Task Container_mode_uses_the_Redis_container_with_a_data_volume_and_an_fsynced_append_only_file()
    {
        await using var builder = await AppModel.CreateAsync("--AgentSpec:Redis:Mode=container");

        var redis = builder.Resource<RedisResource>("redis");
        Assert.Contains(redis.Annotations.OfType<ContainerMountAnnotation>(), m => m.Type == ContainerMountType.Volume && m.Target == "/data");
        var arguments = (await redis.ArgumentsAsync()).Select(a => a.ToString()).ToList();
        Assert.Equal("redis-server", arguments[0]);
        Assert.Contains("--requirepass", arguments);
        Assert.Equal(["--appendonly", "yes", "--appendfsync", "always"], arguments[^4..]);
    }

    [Fact]
    public async Task The_runtime_runs_two_replicas_waiting_for_redis_with_its_connection_string_and_the_api_key()
    {
        await using var builder = await AppModel.CreateAsync("--AgentSpec:Redis:Mode=garnet");

        var runtime = builder.Resource<ProjectResource>(RuntimeBuilderExtensions.ResourceName);
        Assert.Equal(2, runtime.Annotations.OfType<ReplicaAnnotation>().Single().Replicas);
        Assert.Contains(runtime.Annotations.OfType<WaitAnnotation>(), w => w.Resource.Name == "redis");
        Assert.Contains(runtime.Annotations.OfType<EndpointAnnotation>(), e => e.Name == "http");
        Assert.NotEmpty(runtime.Annotations.OfType<HealthCheckAnnotation>());

        var environment = await builder.EnvironmentAsync(runtime);
        Assert.IsType<ConnectionStringReference>(environment["ConnectionStrings__redis"]);
        var apiKey = Assert.IsType<ParameterResource>(environment[RuntimeVariables.ApiKey]);
        Assert.Equal(RuntimeBuilderExtensions.ApiKeyParameterName, apiKey.Name);
        Assert.True(apiKey.Secret);
    }

    [Fact]
    public async Task The_runtime_endpoint_has_a_stable_port_5180_by_default()
    {
        await using var builder = await AppModel.CreateAsync("--AgentSpec:Redis:Mode=garnet");

        var runtime = builder.Resource<ProjectResource>(RuntimeBuilderExtensions.ResourceName);
        var endpoint = Assert.Single(runtime.Annotations.OfType<EndpointAnnotation>(), e => e.Name == RuntimeBuilderExtensions.EndpointName);
        Assert.Equal(5180, endpoint.Port);
        Assert.Equal("http", endpoint.UriScheme);
        // The orchestrator's proxy owns the port and spreads requests over the replicas.
        Assert.True(endpoint.IsProxied);
    }

    [Fact]
    public async Task The_runtime_port_is_configurable()
    {
        await using var builder = await AppModel.CreateAsync("--AgentSpec:Redis:Mode=garnet", "--AgentSpec:Runtime:Port=6123");
        var endpoint = builder.Resource<ProjectResource>("runtime").Annotations.OfType<EndpointAnnotation>().Single(e => e.Name == "http");
        Assert.Equal(6123, endpoint.Port);
    }

    [Fact]
    public async Task A_runtime_port_out_of_range_stops_the_AppHost_with_a_clear_error()
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => AppModel.CreateAsync("--AgentSpec:Redis:Mode=garnet", "--AgentSpec:Runtime:Port=70000"));
        Assert.Contains("AgentSpec:Runtime:Port is 70000", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_api_key_is_generated_once_and_kept_in_the_AppHost_user_secrets()
    {
        await using var builder = await AppModel.CreateAsync("--AgentSpec:Redis:Mode=garnet");

        var apiKey = builder.Resource<ParameterResource>(RuntimeBuilderExtensions.ApiKeyParameterName);
        Assert.True(apiKey.Secret);
        // persist: true wraps the generator (Aspire's internal UserSecretsParameterDefault) so run mode reads the
        // user secrets first and writes a newly generated value there.
        var persisted = Assert.IsAssignableFrom<ParameterDefault>(apiKey.Default);
        Assert.Equal("UserSecretsParameterDefault", persisted.GetType().Name);
        var generated = Assert.IsType<GenerateParameterDefault>(persisted.GetType()
            .GetFields(System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.NonPublic)
            .Select(f => f.GetValue(apiKey.Default))
            .OfType<GenerateParameterDefault>()
            .Single());
        Assert.True(generated.MinLength >= 16, "the runtime refuses keys shorter than 16 characters");
        Assert.False(generated.Special);
        Assert.True(builder.UserSecretsManager.IsAvailable, "the AppHost project has a UserSecretsId");
    }

    [Fact]
    public async Task The_runtime_replicas_run_as_Development()
    {
        await using var builder = await AppModel.CreateAsync("--AgentSpec:Redis:Mode=garnet");

        var environment = await builder.EnvironmentAsync(builder.Resource<ProjectResource>("runtime"));
        Assert.Equal("Development", environment["ASPNETCORE_ENVIRONMENT"]);
        Assert.Equal("Development", environment["DOTNET_ENVIRONMENT"]);
    }

    [Fact]
    public async Task The_replica_count_is_configurable()
    {
        await using var builder = await AppModel.CreateAsync("--AgentSpec:Redis:Mode=garnet", "--AgentSpec:Runtime:Replicas=3");
        Assert.Equal(3, builder.Resource<ProjectResource>("runtime").Annotations.OfType<ReplicaAnnotation>().Single().Replicas);
    }

    [Fact]
    public async Task The_cli_starts_on_demand_and_applies_the_support_bot_example_to_the_runtime()
    {
        await using var builder = await AppModel.CreateAsync("--AgentSpec:Redis:Mode=garnet");

        var cli = builder.Resource<ProjectResource>(CliBuilderExtensions.ResourceName);
        Assert.Single(cli.Annotations.OfType<ExplicitStartupAnnotation>());
        Assert.Contains(cli.Annotations.OfType<WaitAnnotation>(), w => w.Resource.Name == "runtime");

        var example = Path.Combine(RedisServer.RepositoryRoot(), "examples", "support-bot");
        Assert.True(File.Exists(Path.Combine(example, "support-bot.ias")));
        Assert.Equal(["--chdir", example, "apply", "--auto-approve"], (await cli.ArgumentsAsync()).Cast<string>());

        var environment = await builder.EnvironmentAsync(cli);
        Assert.IsType<EndpointReference>(environment["services__runtime__http__0"]);
        Assert.Equal(RuntimeBuilderExtensions.ApiKeyParameterName, Assert.IsType<ParameterResource>(environment[RuntimeVariables.ApiKey]).Name);
    }

    [Fact]
    public async Task The_cli_working_directory_is_configurable()
    {
        using var examples = new TempDirectory();
        await using var builder = await AppModel.CreateAsync("--AgentSpec:Redis:Mode=garnet", $"--AgentSpec:Cli:WorkingDirectory={examples.Path}");
        var arguments = await builder.Resource<ProjectResource>("cli").ArgumentsAsync();
        Assert.Equal(examples.Path, arguments[1]);
    }

    [Fact]
    public async Task The_cli_has_the_Plan_Apply_State_status_Force_unlock_and_Connection_info_dashboard_commands()
    {
        await using var builder = await AppModel.CreateAsync("--AgentSpec:Redis:Mode=garnet");

        var commands = builder.Resource<ProjectResource>("cli").Annotations.OfType<ResourceCommandAnnotation>().ToDictionary(c => c.Name, c => c.DisplayName);
        Assert.Equal("Plan", commands[CliDashboardCommands.PlanCommand]);
        Assert.Equal("Apply", commands[CliDashboardCommands.ApplyCommand]);
        Assert.Equal("State status", commands[CliDashboardCommands.StateStatusCommand]);
        Assert.Equal("Force unlock", commands[CliDashboardCommands.ForceUnlockCommand]);
        Assert.Equal("Connection info", commands[CliDashboardCommands.ConnectionInfoCommand]);
    }

    [Fact]
    public async Task The_Ctrl_C_notice_names_the_resources_that_stop_and_not_the_parameters()
    {
        await using var builder = await AppModel.CreateAsync("--AgentSpec:Redis:Mode=garnet");
        using var app = builder.Build();

        var model = app.Services.GetRequiredService<DistributedApplicationModel>();
        Assert.Equal("redis, demo-orders, runtime (2 replicas), cli and the dashboard", AgentSpec.AppHost.Hosting.ShutdownNotice.Describe(model));
    }

    [Fact]
    public async Task An_unknown_redis_mode_stops_the_AppHost_with_a_clear_error()
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => AppModel.CreateAsync("--AgentSpec:Redis:Mode=kubernetes"));
        var message = error.ToString();
        Assert.Contains("AgentSpec:Redis:Mode is 'kubernetes'", message, StringComparison.Ordinal);
    }
}
