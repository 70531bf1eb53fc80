using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AgentSpec.Cli.Hosting;

/// <summary>
/// What a command runs with. Work a command does not need is not built for it (docs/cli.md, "Start-up"):
/// stderr logging always; the host (OpenTelemetry, the DI graph, the HTTP client factory with service
/// discovery and resilience) at once only when OTLP export is configured, so that under Aspire the dashboard
/// sees every command, and otherwise only when a command first asks for a runtime client. <c>validate</c>,
/// <c>version</c> and a <c>plan</c> without a runtime never build it.
/// </summary>
public sealed class CliServices : IAsyncDisposable
{
    private readonly CliContext _context;
    private readonly LogLevel _consoleLevel;
    private readonly Lock _gate = new();
    private ILoggerFactory? _consoleLoggers;
    private IHost? _host;

    private CliServices(CliContext context, LogLevel consoleLevel)
    {
        _context = context;
        _consoleLevel = consoleLevel;
    }

    public static async Task<CliServices> StartAsync(CliContext context, LogLevel consoleLevel, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var services = new CliServices(context, consoleLevel);
        if (CliHost.ExportsTelemetry(context))
        {
            var host = CliHost.Build(context, consoleLevel);
            await host.StartAsync(cancellationToken);
            services._host = host;
            context.HostBuilt = true;
            context.LoggerFactory = host.Services.GetRequiredService<ILoggerFactory>();
            context.Services = host.Services;
        }
        else
        {
            services._consoleLoggers = CliHost.CreateConsoleLoggerFactory(context, consoleLevel);
            context.LoggerFactory = services._consoleLoggers;
            context.ServicesFactory = services.StartHost;
        }

        return services;
    }

    private IServiceProvider StartHost()
    {
        lock (_gate)
        {
            if (_host is null)
            {
                var host = CliHost.Build(_context, _consoleLevel);
                host.Start();
                _host = host;
                _context.HostBuilt = true;
            }

            return _host.Services;
        }
    }

    public async ValueTask DisposeAsync()
    {
        // Nothing may build a host after the run.
        _context.ServicesFactory = null;
        if (_host is not null)
        {
            // Stopping flushes logs, traces and metrics, so a short-lived CLI loses no telemetry.
            await _host.StopAsync(CancellationToken.None);
            _host.Dispose();
        }

        _consoleLoggers?.Dispose();
    }
}
