using AgentSpec.Cli.Runtime;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AgentSpec.Cli.Hosting;

/// <summary>
/// The generic host behind the commands that need it (see <see cref="CliServices"/>): ServiceDefaults (OpenTelemetry with OTLP export when
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
        ConfigureLogging(builder.Logging, context, consoleLevel);

        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(10));
        builder.Services.AddSingleton(context.TimeProvider);

        // The console lifetime would swallow every Ctrl-C; the CLI handles signals itself (first: stop
        // gracefully and release the lock, second: terminate).
        builder.Services.AddSingleton<IHostLifetime, CliHostLifetime>();
        builder.AddServiceDefaults();
        builder.Services.AddRuntimeHttpClient();
        return builder.Build();
    }

    /// <summary>
    /// Log lines on stderr without a host: what a command that needs neither telemetry export nor the
    /// runtime's HTTP client gets (docs/cli.md, "Start-up"). Same levels and filters as the host's console.
    /// </summary>
    public static ILoggerFactory CreateConsoleLoggerFactory(CliContext context, LogLevel consoleLevel)
    {
        ArgumentNullException.ThrowIfNull(context);
        return LoggerFactory.Create(logging => ConfigureLogging(logging, context, consoleLevel));
    }

    /// <summary>True when OTLP export is configured (under Aspire): then every command runs in the host, so the dashboard sees all of them.</summary>
    public static bool ExportsTelemetry(CliContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return !string.IsNullOrWhiteSpace(context.GetEnvironmentVariable(Extensions.OtlpEndpointVariable));
    }

    private static void ConfigureLogging(ILoggingBuilder logging, CliContext context, LogLevel consoleLevel)
    {
        logging.ClearProviders();
        logging.AddProvider(new StderrLoggerProvider(context.Error));
        logging.SetMinimumLevel(consoleLevel < ExportLevel ? consoleLevel : ExportLevel);

        // The console has its own level: a rule naming its provider wins over the general rules, so the
        // framework rules are repeated for it.
        logging.AddFilter<StderrLoggerProvider>(null, consoleLevel);
        var frameworkConsoleLevel = consoleLevel > LogLevel.Warning ? consoleLevel : LogLevel.Warning;
        foreach (var framework in FrameworkCategories)
        {
            // Framework chatter (HTTP client request lines, hosting lifetime) is not what a CLI user reads.
            logging.AddFilter(framework, LogLevel.Warning);
            logging.AddFilter<StderrLoggerProvider>(framework, frameworkConsoleLevel);
        }

        // Retry events (warn) and the final failed attempt (error) repeat what the command's own
        // one-sentence error says (docs/cli.md, "Runtime errors"), so stderr shows them only at info and below.
        logging.AddFilter<StderrLoggerProvider>(ResilienceCategory, consoleLevel < LogLevel.Warning ? consoleLevel : LogLevel.None);
    }
}
