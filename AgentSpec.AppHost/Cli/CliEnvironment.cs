using Microsoft.Extensions.Logging;

namespace AgentSpec.AppHost.Cli;

/// <summary>
/// Resolves the <c>cli</c> resource's environment (runtime URL, API key, OTLP exporter) for a process the
/// AppHost starts itself, so a dashboard command behaves like the resource and reports to the dashboard.
/// </summary>
public static class CliEnvironment
{
    private const string ServiceNameVariable = "OTEL_SERVICE_NAME";
    private const string ResourceAttributesVariable = "OTEL_RESOURCE_ATTRIBUTES";

    public static async Task<IReadOnlyDictionary<string, string?>> ResolveAsync(
        ProjectResource cli,
        DistributedApplicationExecutionContext executionContext,
        ILogger logger,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(cli);
        var configuration = await ExecutionConfigurationBuilder.Create(cli)
            .WithEnvironmentVariablesConfig()
            .BuildAsync(executionContext, logger, cancellationToken);
        if (configuration.Exception is { } exception)
        {
            throw new InvalidOperationException($"Could not resolve the environment of the '{cli.Name}' resource: {exception.Message}", exception);
        }

        return ForCommand(configuration.EnvironmentVariables, cli.Name, $"{cli.Name}-command-{Guid.NewGuid().ToString("N")[..8]}");
    }

    /// <summary>
    /// The orchestrator fills some values (the OpenTelemetry service name and instance id) from templates when
    /// it starts the resource; a command's process gets real values instead: the resource's service name, so
    /// the dashboard files its telemetry under the cli resource, and an instance id of its own.
    /// </summary>
    public static IReadOnlyDictionary<string, string?> ForCommand(IEnumerable<KeyValuePair<string, string>> resolved, string resourceName, string instanceId)
    {
        ArgumentNullException.ThrowIfNull(resolved);
        var environment = new Dictionary<string, string?>(StringComparer.Ordinal);
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (name, value) in resolved)
        {
            names.Add(name);
            if (!IsOrchestratorTemplate(value))
            {
                environment[name] = value;
            }
        }

        if (names.Contains(ServiceNameVariable))
        {
            environment[ServiceNameVariable] = resourceName;
        }

        if (names.Contains(ResourceAttributesVariable))
        {
            environment[ResourceAttributesVariable] = $"service.instance.id={instanceId}";
        }

        return environment;
    }

    private static bool IsOrchestratorTemplate(string value) => value.Contains("{{", StringComparison.Ordinal);
}
