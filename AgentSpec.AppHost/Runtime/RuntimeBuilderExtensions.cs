using AgentSpec.Core.RuntimeApi;
using Microsoft.Extensions.Configuration;

namespace AgentSpec.AppHost.Runtime;

/// <summary>Registers the <c>runtime</c> project: replicas sharing Redis, guarded by a generated API key.</summary>
public static class RuntimeBuilderExtensions
{
    public const string ResourceName = "runtime";
    public const string ApiKeyParameterName = "runtime-api-key";
    public const string ReplicasKey = "AgentSpec:Runtime:Replicas";
    public const int DefaultReplicas = 2;

    /// <summary>The runtime's API key, generated for each run unless <c>Parameters:runtime-api-key</c> is configured.</summary>
    public static IResourceBuilder<ParameterResource> AddRuntimeApiKey(this IDistributedApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.AddParameter(
            ApiKeyParameterName,
            new GenerateParameterDefault { MinLength = 32, Special = false },
            secret: true);
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

        var runtime = builder.AddProject<Projects.AgentSpec_Runtime>(ResourceName);

        // Without a launch profile the project has no endpoint; with one, keep the profile's.
        if (!runtime.Resource.Annotations.OfType<EndpointAnnotation>().Any(e => e.Name == "http"))
        {
            runtime.WithHttpEndpoint();
        }

        return runtime
            .WithReplicas(replicas)
            .WithReference(redis)
            .WaitFor(redis)
            .WithEnvironment(RuntimeVariables.ApiKey, apiKey)
            .WithHttpHealthCheck(RuntimeRoutes.Healthz);
    }
}
