using Microsoft.Extensions.Logging;

namespace AgentSpec.Cli.Hosting;

/// <summary>
/// Human-readable log lines on stderr (<c>warn: stale lock recovered …</c>), written synchronously so
/// that nothing is lost when a short-lived command exits.
/// </summary>
public sealed class StderrLoggerProvider(TextWriter writer) : ILoggerProvider
{
    private readonly Lock _gate = new();

    public ILogger CreateLogger(string categoryName) => new StderrLogger(this);

    public void Dispose()
    {
    }

    private void Write(LogLevel level, string message, Exception? exception)
    {
        var label = level switch
        {
            LogLevel.Trace => "trace",
            LogLevel.Debug => "debug",
            LogLevel.Information => "info",
            LogLevel.Warning => "warn",
            LogLevel.Error => "error",
            _ => "crit",
        };
        lock (_gate)
        {
            writer.WriteLine($"{label}: {message}");
            if (exception is not null && level >= LogLevel.Error)
            {
                writer.WriteLine($"      {exception.GetType().Name}: {exception.Message}");
            }

            writer.Flush();
        }
    }

    private sealed class StderrLogger(StderrLoggerProvider provider) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                provider.Write(logLevel, formatter(state, exception), exception);
            }
        }
    }
}
