using AgentSpec.Cli;
using AgentSpec.Testing;

namespace AgentSpec.Compatibility.Tests;

/// <summary>Runs the CLI in the test process over string writers (its host exports no telemetry: no OTLP endpoint is configured).</summary>
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
        };
        var exitCode = await AgentSpecCli.RunAsync(args, context);
        return new CliRun(exitCode, stdout.ToString(), stderr.ToString());
    }
}
