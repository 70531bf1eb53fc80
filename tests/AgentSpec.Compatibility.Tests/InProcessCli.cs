using AgentSpec.Cli;
using AgentSpec.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace AgentSpec.Compatibility.Tests;

/// <summary>Runs the CLI in the test process over string writers (no host, no telemetry export, no environment).</summary>
public static class InProcessCli
{
    public static async Task<CliRun> RunAsync(string workingDirectory, params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var context = new CliContext
        {
            Out = stdout,
            Error = stderr,
            In = new StringReader(string.Empty),
            InputIsTerminal = false,
            WorkingDirectory = workingDirectory,
            GetEnvironmentVariable = _ => null,
            BuildHost = false,
            LoggerFactory = NullLoggerFactory.Instance,
        };
        var exitCode = await AgentSpecCli.RunAsync(args, context);
        return new CliRun(exitCode, stdout.ToString(), stderr.ToString());
    }
}
