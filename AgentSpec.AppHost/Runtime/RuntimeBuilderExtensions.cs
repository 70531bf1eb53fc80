using AgentSpec.Core.RuntimeApi;
using Microsoft.Extensions.Configuration;

namespace AgentSpec.AppHost.Runtime;

/// <summary>
/// Registers the <c>runtime</c> project: replicas sharing Redis behind one stable address, guarded by an API
/// key that survives restarts, so exported variables stay valid (docs/architecture.md, "Reaching the runtime").
/// </summary>
public static class RuntimeBuilderExtensions
{
    public const string ResourceName = "runtime";
    public const string EndpointName = "http";
    public const string ApiKeyParameterName = "runtime-api-key";
    public const string ReplicasKey = "AgentSpec:Runtime:Replicas";
    public const int DefaultReplicas = 2;
    public const string PortKey = "AgentSpec:Runtime:Port";
    public const int DefaultPort = 5180;

    /// <summary>The runtime refuses keys shorter than 16 characters; the generated one has room to spare.</summary>
    public const int ApiKeyLength = 32;

    /// <summary>What the replicas run as under the AppHost: a developer's machine, not production.</summary>
    public const string ReplicaEnvironment = "Development";

    /// <summary>
    /// The runtime's API key: <c>Parameters:runtime-api-key</c> when configured, else generated once and kept in
    /// the AppHost's user secrets, so the key a terminal exported still works after the next start.
    /// </summary>
    public static IResourceBuilder<ParameterResource> AddRuntimeApiKey(this IDistributedApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.AddParameter(
            ApiKeyParameterName,
            new GenerateParameterDefault { MinLength = ApiKeyLength, Special = false },
            secret: true,
            persist: true);
    }

    /// <summary><c>AgentSpec:Runtime:Port</c>, else 5180: the port the orchestrator's proxy listens on for all replicas.</summary>
    public static int Port(IDistributedApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var port = builder.Configuration.GetValue(PortKey, DefaultPort);
        if (port is < 1 or > 65535)
        {
            throw new InvalidOperationException($"{PortKey} is {port}; choose a TCP port between 1 and 65535.");
        }

        return port;
    }

    public static IResourceBuilder<ProjectResource> AddAgentSpecRuntime(
        this IDistributedApplicationBuilder builder,
        IResourceBuilder<IResourceWithConnectionString> redis,
        IResourceBuilder<ParameterResource> apiKey)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var replicas = builder.Configuration.GetValue(ReplicasKey, DefaultReplicas);
        if (replicas < 1)
        {
            throw new InvalidOperationException($"{ReplicasKey} is {replicas}; the runtime needs at least one replica.");
        }

        var port = Port(builder);
        var runtime = builder.AddProject<Projects.AgentSpec_Runtime>(ResourceName);

        // A launch profile would bring its own endpoint; either way the proxied port is the configured one.
        if (runtime.Resource.Annotations.OfType<EndpointAnnotation>().Any(e => e.Name == EndpointName))
        {
            runtime.WithEndpoint(EndpointName, endpoint => endpoint.Port = port);
        }
        else
        {
            runtime.WithHttpEndpoint(port: port, name: EndpointName);
        }

        return runtime
            .WithReplicas(replicas)
            .WithEnvironment("ASPNETCORE_ENVIRONMENT", ReplicaEnvironment)
            .WithEnvironment("DOTNET_ENVIRONMENT", ReplicaEnvironment)
            .WithReference(redis)
            .WaitFor(redis)
            .WithEnvironment(RuntimeVariables.ApiKey, apiKey)
            .WithModelAndTools()
            .WithHttpHealthCheck(RuntimeRoutes.Healthz)
            .WithConnectionBanner(apiKey);
    }
}
