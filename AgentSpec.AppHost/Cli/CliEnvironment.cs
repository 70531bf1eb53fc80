using Microsoft.Extensions.Logging;

namespace AgentSpec.AppHost.Cli;

/// <summary>Resolves the <c>cli</c> resource's environment (references, API key, OTLP exporter) for a process the AppHost starts itself.</summary>
internal static class CliEnvironment
{
    public static async Task<IReadOnlyDictionary<string, string?>> ResolveAsync(
        ProjectResource cli,
        DistributedApplicationExecutionContext executionContext,
        ILogger logger,
        CancellationToken cancellationToken)
    {
        var configuration = await ExecutionConfigurationBuilder.Create(cli)
            .WithEnvironmentVariablesConfig()
            .BuildAsync(executionContext, logger, cancellationToken);
        if (configuration.Exception is { } exception)
        {
            throw new InvalidOperationException($"Could not resolve the environment of the '{cli.Name}' resource: {exception.Message}", exception);
        }

        var environment = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var (name, value) in configuration.EnvironmentVariables)
        {
            environment[name] = value;
        }

        return environment;
    }
}
