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
    private const string ResilienceCategory = "Polly";

    private static readonly string[] FrameworkCategories = ["Microsoft", "System", ResilienceCategory];

    /// <summary>Humans see plan, progress and results; lock and apply events only with <c>--log-level info</c> (docs/cli.md).</summary>
    public const LogLevel DefaultConsoleLevel = LogLevel.Warning;

    /// <summary>What OTLP export gets at least, whatever the console shows: under Aspire the dashboard has every event.</summary>
    private const LogLevel ExportLevel = LogLevel.Information;

    public static IHost Build(CliContext context, LogLevel consoleLevel)
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
        builder.Logging.SetMinimumLevel(consoleLevel < ExportLevel ? consoleLevel : ExportLevel);

        // The console has its own level: a rule naming its provider wins over the general rules, so the
        // framework rules are repeated for it.
        builder.Logging.AddFilter<StderrLoggerProvider>(null, consoleLevel);
        var frameworkConsoleLevel = consoleLevel > LogLevel.Warning ? consoleLevel : LogLevel.Warning;
        foreach (var framework in FrameworkCategories)
        {
            // Framework chatter (HTTP client request lines, hosting lifetime) is not what a CLI user reads.
            builder.Logging.AddFilter(framework, LogLevel.Warning);
            builder.Logging.AddFilter<StderrLoggerProvider>(framework, frameworkConsoleLevel);
        }

        // Retry events (warn) and the final failed attempt (error) repeat what the command's own
        // one-sentence error says (docs/cli.md, "Runtime errors"), so stderr shows them only at info and below.
        builder.Logging.AddFilter<StderrLoggerProvider>(ResilienceCategory, consoleLevel < LogLevel.Warning ? consoleLevel : LogLevel.None);

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
