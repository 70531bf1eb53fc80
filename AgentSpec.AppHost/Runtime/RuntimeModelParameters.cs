using Microsoft.Extensions.Configuration;

namespace AgentSpec.AppHost.Runtime;

/// <summary>
/// Connects the runtime to a real model and lets its tools out, from the AppHost's parameters (docs/tools.md):
/// <c>Parameters:model-endpoint</c>, <c>Parameters:model-api-key</c> (a secret), <c>Parameters:model-name</c>,
/// the map <c>AgentSpec:Models:Deployments</c>, the section <c>AgentSpec:Tools</c> and the secrets of
/// <c>AgentSpec:Secrets</c> (passed as secret parameters). Without <c>model-endpoint</c> the runtime keeps its
/// offline model, so a fresh clone runs without any account.
/// </summary>
public static class RuntimeModelParameters
{
    public const string EndpointParameter = "model-endpoint";
    public const string ApiKeyParameter = "model-api-key";
    public const string ModelParameter = "model-name";
    public const string DeploymentsSection = "AgentSpec:Models:Deployments";
    public const string ToolsSection = "AgentSpec:Tools";
    public const string SecretsSection = "AgentSpec:Secrets";

    public static IResourceBuilder<ProjectResource> WithModelAndTools(this IResourceBuilder<ProjectResource> runtime)
    {
        ArgumentNullException.ThrowIfNull(runtime);
        var builder = runtime.ApplicationBuilder;
        var configuration = builder.Configuration;
        if (!string.IsNullOrWhiteSpace(configuration[$"Parameters:{EndpointParameter}"]))
        {
            runtime.WithEnvironment("AgentSpec__Models__Endpoint", builder.AddParameter(EndpointParameter));
            if (!string.IsNullOrWhiteSpace(configuration[$"Parameters:{ApiKeyParameter}"]))
            {
                runtime.WithEnvironment("AgentSpec__Models__ApiKey", builder.AddParameter(ApiKeyParameter, secret: true));
            }

            if (!string.IsNullOrWhiteSpace(configuration[$"Parameters:{ModelParameter}"]))
            {
                runtime.WithEnvironment("AgentSpec__Models__Model", builder.AddParameter(ModelParameter));
            }

            foreach (var deployment in configuration.GetSection(DeploymentsSection).GetChildren())
            {
                runtime.WithEnvironment(EnvironmentName(deployment.Path), deployment.Value ?? string.Empty);
            }
        }

        foreach (var setting in configuration.GetSection(ToolsSection).AsEnumerable(makePathsRelative: false))
        {
            if (setting.Value is not null)
            {
                runtime.WithEnvironment(EnvironmentName(setting.Key), setting.Value);
            }
        }

        foreach (var secret in configuration.GetSection(SecretsSection).GetChildren())
        {
            // A secret parameter: masked in the dashboard, never written to a manifest in clear.
            var parameter = builder.AddParameter($"secret-{secret.Key}", secret.Value ?? string.Empty, secret: true);
            runtime.WithEnvironment(EnvironmentName(secret.Path), parameter);
        }

        return runtime;
    }

    /// <summary>The environment variable .NET configuration reads as <paramref name="path"/> (<c>:</c> → <c>__</c>).</summary>
    public static string EnvironmentName(string path) => path.Replace(":", "__", StringComparison.Ordinal);
}
