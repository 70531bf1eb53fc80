using AgentSpec.Testing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace AgentSpec.Cli.Tests;

/// <summary>Runs the CLI in the test process over string writers (no host, no telemetry export).</summary>
public static class InProcessCli
{
    public static async Task<CliRun> RunAsync(string workingDirectory, string? stdin, params string[] args) =>
        await RunAsync(workingDirectory, stdin, NullLoggerFactory.Instance, null, args);

    public static async Task<CliRun> RunAsync(
        string workingDirectory,
        string? stdin,
        ILoggerFactory loggerFactory,
        IReadOnlyDictionary<string, string>? environment,
        params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var context = new CliContext
        {
            Out = stdout,
            Error = stderr,
            In = new StringReader(stdin ?? string.Empty),
            InputIsTerminal = stdin is not null,
            WorkingDirectory = workingDirectory,
            GetEnvironmentVariable = name => environment?.GetValueOrDefault(name),
            BuildHost = false,
            LoggerFactory = loggerFactory,
        };
        var exitCode = await AgentSpecCli.RunAsync(args, context);
        return new CliRun(exitCode, stdout.ToString(), stderr.ToString());
    }
}
