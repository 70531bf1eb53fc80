using AgentSpec.Cli.Runtime;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AgentSpec.Cli.Hosting;

/// <summary>
/// The generic host behind every command: ServiceDefaults (OpenTelemetry with OTLP export when
/// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set, service discovery, HTTP resilience) and log lines on
/// stderr. Disposing it flushes logs, traces and metrics, so a short-lived CLI loses no telemetry.
/// </summary>
public static class CliHost
{
    public static IHost Build(CliContext context, LogLevel minimumLevel)
    {
        ArgumentNullException.ThrowIfNull(context);
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            ApplicationName = "agentspec",
            ContentRootPath = context.WorkingDirectory,
            DisableDefaults = true,
        });
        builder.Configuration.AddEnvironmentVariables();
        builder.Logging.ClearProviders();
        builder.Logging.AddProvider(new StderrLoggerProvider(context.Error));
        builder.Logging.SetMinimumLevel(minimumLevel);

        // Framework chatter (HTTP client request lines, hosting lifetime) is not what a CLI user reads.
        builder.Logging.AddFilter("Microsoft", LogLevel.Warning);
        builder.Logging.AddFilter("System", LogLevel.Warning);
        builder.Logging.AddFilter("Polly", LogLevel.Warning);
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(10));
        builder.Services.AddSingleton(context.TimeProvider);

        // The console lifetime would swallow every Ctrl-C; the CLI handles signals itself (first: stop
        // gracefully and release the lock, second: terminate).
        builder.Services.AddSingleton<IHostLifetime, CliHostLifetime>();
        builder.AddServiceDefaults();
        builder.Services.AddRuntimeHttpClient();
        return builder.Build();
    }
}
