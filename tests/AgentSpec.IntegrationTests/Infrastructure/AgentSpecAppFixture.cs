using System.Net.Http.Headers;
using AgentSpec.AppHost.Cli;
using AgentSpec.AppHost.Demo;
using AgentSpec.AppHost.Redis;
using AgentSpec.AppHost.Runtime;
using AgentSpec.Core.CliContract;
using AgentSpec.Core.RuntimeApi;
using AgentSpec.IntegrationTests.Telemetry;
using AgentSpec.Testing;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging.Abstractions;

namespace AgentSpec.IntegrationTests.Infrastructure;

/// <summary>
/// One started AppHost shared by the tests of <see cref="AppHostTestGroup"/>: the executable Redis with its
/// data in a temp directory, both runtime replicas healthy, and the cli resource pointed at a temp copy of
/// the examples, the runtime and demo-orders exporting their telemetry to <see cref="Telemetry"/> (where the
/// dashboard would receive it). Disposing stops every resource, then DCP itself (it also reaps the resources if the test process dies).
/// </summary>
public sealed class AgentSpecAppFixture : IAsyncLifetime
{
    public static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(4);
    private DistributedApplication? _app;
    private OtlpReceiver? _telemetry;

    public DistributedApplication App => _app ?? throw new InvalidOperationException("The AppHost has not started.");

    public string RedisMode { get; } = TestRedisMode.Choose();

    public string RedisDataDirectory { get; } = Directory.CreateTempSubdirectory("agentspec-it-redis-").FullName;

    /// <summary>The temp copy of <c>examples/</c>.</summary>
    public string ExamplesDirectory { get; } = Directory.CreateTempSubdirectory("agentspec-it-examples-").FullName;

    /// <summary>Where the cli resource works (the support-bot example in the temp copy).</summary>
    public string CliWorkingDirectory => Path.Combine(ExamplesDirectory, "support-bot");

    public string ApiKey { get; private set; } = string.Empty;

    /// <summary>What the runtime replicas and demo-orders export over OTLP (spans and logs), as the dashboard would receive it.</summary>
    public OtlpReceiver Telemetry => _telemetry ?? throw new InvalidOperationException("The AppHost has not started.");

    /// <summary>The healthy runtime replicas with their own addresses, so a test can talk to each one directly.</summary>
    public IReadOnlyList<RuntimeReplica> RuntimeReplicas { get; private set; } = [];

    public async Task InitializeAsync()
    {
        using var cts = new CancellationTokenSource(StartTimeout);
        OrchestratorProcesses.AdoptOrphans();
        ExampleFiles.CopyTo(ExamplesDirectory);
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AgentSpec_AppHost>(
            [
                $"--{RedisSettings.ModeKey}={RedisMode}",
                $"--{RedisSettings.DataDirectoryKey}={RedisDataDirectory}",
                $"--{CliBuilderExtensions.WorkingDirectoryKey}={CliWorkingDirectory}",
            ],
            cts.Token);
        _telemetry = await OtlpReceiver.StartAsync();
        foreach (var exporting in new[] { RuntimeBuilderExtensions.ResourceName, DemoOrdersBuilderExtensions.ResourceName })
        {
            // Added after Program's own callbacks, so these win over whatever the orchestrator would set for the dashboard.
            builder.CreateResourceBuilder<ProjectResource>(exporting)
                .WithEnvironment("OTEL_EXPORTER_OTLP_ENDPOINT", _telemetry.Endpoint.ToString())
                .WithEnvironment("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf")
                .WithEnvironment("OTEL_EXPORTER_OTLP_HEADERS", string.Empty)
                .WithEnvironment("OTEL_BSP_SCHEDULE_DELAY", "500");
        }

        _app = await builder.BuildAsync(cts.Token);
        string[] watched = [AgentSpecRedisExtensions.ResourceName, RuntimeBuilderExtensions.ResourceName];
        try
        {
            await ResourceFailures.FailFastAsync(_app, _app.StartAsync(cts.Token), watched, cts.Token);
            await ResourceFailures.FailFastAsync(
                _app, _app.ResourceNotifications.WaitForResourceHealthyAsync(AgentSpecRedisExtensions.ResourceName, cts.Token), watched, cts.Token);
            RuntimeReplicas = await ResourceFailures.FailFastAsync(
                _app, WaitForHealthyInstancesAsync(RuntimeBuilderExtensions.ResourceName, RuntimeBuilderExtensions.DefaultReplicas, cts.Token), watched, cts.Token);
        }
        catch
        {
            await DisposeAsync();
            throw;
        }

        ApiKey = await ParameterValueAsync(RuntimeBuilderExtensions.ApiKeyParameterName, cts.Token);
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            using var stopTimeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
            await _app.StopAsync(stopTimeout.Token);
            await _app.DisposeAsync();
            _app = null;
        }

        await OrchestratorProcesses.StopAsync(TimeSpan.FromSeconds(30));
        if (_telemetry is not null)
        {
            await _telemetry.DisposeAsync();
            _telemetry = null;
        }

        DeleteDirectory(RedisDataDirectory);
        DeleteDirectory(ExamplesDirectory);
    }

    /// <summary>An HTTP client for the runtime (through the orchestrator's proxy, which spreads requests over the replicas) with the API key.</summary>
    public HttpClient CreateRuntimeClient() => CreateRuntimeClient(RuntimeUrl);

    /// <summary>An HTTP client for one replica's own address, with the API key.</summary>
    public HttpClient CreateRuntimeClient(RuntimeReplica replica) => CreateRuntimeClient(replica.Url);

    /// <summary>A plain client (no retries: a retried POST is a different request) with the API key.</summary>
    private HttpClient CreateRuntimeClient(Uri baseAddress)
    {
        var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 100 })
        {
            BaseAddress = baseAddress,
            Timeout = TimeSpan.FromMinutes(2),
        };
        client.DefaultRequestHeaders.Add(RuntimeHeaders.ApiKey, ApiKey);
        client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return client;
    }

    public Uri RuntimeUrl => App.GetEndpoint(RuntimeBuilderExtensions.ResourceName, "http");

    public async Task<string> ParameterValueAsync(string name, CancellationToken cancellationToken)
    {
        var model = App.Services.GetRequiredService<DistributedApplicationModel>();
        var parameter = model.Resources.OfType<ParameterResource>().Single(p => p.Name == name);
        return await parameter.GetValueAsync(cancellationToken) ?? throw new InvalidOperationException($"Parameter {name} has no value.");
    }

    public async Task<string> RedisConnectionStringAsync(CancellationToken cancellationToken) =>
        await App.GetConnectionStringAsync(AgentSpecRedisExtensions.ResourceName, cancellationToken)
        ?? throw new InvalidOperationException("The redis resource has no connection string.");

    /// <summary>
    /// What a terminal exports to share the <c>cli</c> resource's state (docs/architecture.md, "Shared state"): the
    /// backend, the orchestrated redis's connection string and the workspace, as the cli resource resolves them.
    /// </summary>
    public async Task<Dictionary<string, string?>> StateEnvironmentAsync(CancellationToken cancellationToken)
    {
        var model = App.Services.GetRequiredService<DistributedApplicationModel>();
        var cli = model.Resources.OfType<ProjectResource>().Single(r => r.Name == CliBuilderExtensions.ResourceName);
        var resolved = await CliEnvironment.ResolveAsync(
            cli, App.Services.GetRequiredService<DistributedApplicationExecutionContext>(), NullLogger.Instance, cancellationToken);
        Assert.Equal(StateVariables.RedisBackend, resolved[StateVariables.Backend]);
        Assert.Equal(await RedisConnectionStringAsync(cancellationToken), resolved[StateVariables.RedisConnection]);
        return new Dictionary<string, string?>
        {
            [StateVariables.Backend] = StateVariables.RedisBackend,
            [StateVariables.RedisConnection] = resolved[StateVariables.RedisConnection],
            [StateVariables.Workspace] = resolved[StateVariables.Workspace],
        };
    }

    /// <summary>
    /// Restarts <c>redis</c> through the app model (what the dashboard's Restart does) and waits until a new
    /// server process is running and healthy. The stop and start pass through non-running states, so this
    /// waits for the new process id rather than failing on them.
    /// </summary>
    public async Task<(string PidBefore, string PidAfter)> RestartRedisAsync(CancellationToken cancellationToken)
    {
        var before = await RedisPidAsync(_ => true, cancellationToken);
        var result = await App.ResourceCommands.ExecuteCommandAsync(AgentSpecRedisExtensions.ResourceName, KnownResourceCommands.RestartCommand, cancellationToken);
        if (!result.Success)
        {
            throw new InvalidOperationException($"Restarting redis failed: {result.Message}");
        }

        var after = await RedisPidAsync(e => e.Snapshot.HealthStatus == HealthStatus.Healthy && Pid(e) != before, cancellationToken);
        return (before, after);
    }

    /// <summary>Stops <c>redis</c> through the app model, waits until it is down, starts it again and waits until it is healthy.</summary>
    public async Task<(string PidBefore, string PidAfter)> StopAndStartRedisAsync(CancellationToken cancellationToken)
    {
        var before = await RedisPidAsync(_ => true, cancellationToken);
        var stopped = await App.ResourceCommands.ExecuteCommandAsync(AgentSpecRedisExtensions.ResourceName, KnownResourceCommands.StopCommand, cancellationToken);
        if (!stopped.Success)
        {
            throw new InvalidOperationException($"Stopping redis failed: {stopped.Message}");
        }

        await App.ResourceNotifications.WaitForResourceAsync(
            AgentSpecRedisExtensions.ResourceName,
            e => e.Snapshot.State?.Text is { } state && KnownResourceStates.TerminalStates.Contains(state),
            cancellationToken);
        var started = await App.ResourceCommands.ExecuteCommandAsync(AgentSpecRedisExtensions.ResourceName, KnownResourceCommands.StartCommand, cancellationToken);
        if (!started.Success)
        {
            throw new InvalidOperationException($"Starting redis failed: {started.Message}");
        }

        var after = await RedisPidAsync(e => e.Snapshot.HealthStatus == HealthStatus.Healthy && Pid(e) != before, cancellationToken);
        return (before, after);
    }

    private async Task<string> RedisPidAsync(Func<ResourceEvent, bool> condition, CancellationToken cancellationToken)
    {
        var resourceEvent = await App.ResourceNotifications.WaitForResourceAsync(
            AgentSpecRedisExtensions.ResourceName,
            e => e.Snapshot.State?.Text == KnownResourceStates.Running && Pid(e) is not null && condition(e),
            cancellationToken);
        return Pid(resourceEvent)!;
    }

    private static string? Pid(ResourceEvent resourceEvent) =>
        resourceEvent.Snapshot.Properties.FirstOrDefault(p => p.Name == "executable.pid")?.Value?.ToString();

    /// <summary>
    /// Waits until <paramref name="count"/> distinct instances of a project resource are running and healthy at
    /// the same time, and returns each with the address it listens on (its <c>ASPNETCORE_URLS</c>).
    /// </summary>
    public async Task<IReadOnlyList<RuntimeReplica>> WaitForHealthyInstancesAsync(string resourceName, int count, CancellationToken cancellationToken)
    {
        var healthy = new Dictionary<string, RuntimeReplica>(StringComparer.Ordinal);
        await foreach (var resourceEvent in App.ResourceNotifications.WatchAsync(cancellationToken))
        {
            if (resourceEvent.Resource.Name != resourceName)
            {
                continue;
            }

            var urls = resourceEvent.Snapshot.EnvironmentVariables.FirstOrDefault(v => v.Name == "ASPNETCORE_URLS")?.Value;
            if (resourceEvent.Snapshot.State?.Text == KnownResourceStates.Running
                && resourceEvent.Snapshot.HealthStatus == HealthStatus.Healthy
                && urls is not null)
            {
                healthy[resourceEvent.ResourceId] = new RuntimeReplica(resourceEvent.ResourceId, new Uri(urls.Split(';')[0]));
            }
            else
            {
                healthy.Remove(resourceEvent.ResourceId);
            }

            if (healthy.Count >= count)
            {
                return healthy.Values.OrderBy(r => r.ResourceId, StringComparer.Ordinal).ToArray();
            }
        }

        throw new InvalidOperationException($"The notification stream ended before {count} instances of {resourceName} were healthy.");
    }

    private static void DeleteDirectory(string path)
    {
        try
        {
            Directory.Delete(path, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
