using AgentSpec.Testing;

namespace AgentSpec.Cli.Tests;

/// <summary>Runs the CLI in the test process over string writers (the real host; it exports no telemetry: no OTLP endpoint is configured).</summary>
public static class InProcessCli
{
    public static async Task<CliRun> RunAsync(string workingDirectory, string? stdin, params string[] args) =>
        await RunWithEnvironmentAsync(workingDirectory, stdin, null, args);

    /// <summary>As <see cref="RunAsync"/>, with <paramref name="environment"/> as the only environment variables the commands read.</summary>
    public static async Task<CliRun> RunWithEnvironmentAsync(
        string workingDirectory,
        string? stdin,
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
        };
        var exitCode = await AgentSpecCli.RunAsync(args, context);
        return new CliRun(exitCode, stdout.ToString(), stderr.ToString());
    }
}
