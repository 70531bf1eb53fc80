using System.Diagnostics;

namespace AgentSpec.Benchmarks.Infrastructure;

/// <summary>
/// The real <c>agentspec</c> command as a child process: the CLI's build output <c>agentspec.dll</c> (run
/// with <c>dotnet</c>, JIT) or, for any other path, the Native AOT executable itself.
/// </summary>
internal static class AgentSpecCli
{
    private static readonly TimeSpan RunTimeout = TimeSpan.FromMinutes(5);

    public static Process Start(string cliDll, string workingDirectory, IEnumerable<string> arguments)
    {
        if (!File.Exists(cliDll))
        {
            throw new FileNotFoundException($"The CLI build output {cliDll} is missing; build bench/AgentSpec.Benchmarks (it builds AgentSpec.Cli) or pass --cli-dll.", cliDll);
        }

        var isAssembly = cliDll.EndsWith(".dll", StringComparison.OrdinalIgnoreCase);
        var info = new ProcessStartInfo(isAssembly ? "dotnet" : cliDll)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (isAssembly)
        {
            info.ArgumentList.Add(cliDll);
        }

        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        // A benchmark must not export telemetry to whatever collector the shell happens to name.
        foreach (var name in info.Environment.Keys.Where(k => k.StartsWith("OTEL_", StringComparison.Ordinal)).ToList())
        {
            info.Environment.Remove(name);
        }

        info.Environment["NO_COLOR"] = "1";
        return Process.Start(info) ?? throw new InvalidOperationException($"Could not start {info.FileName}.");
    }

    /// <summary>Waits for a started process and collects its output; the time is measured from <paramref name="startedAt"/>.</summary>
    public static async Task<CliRun> CompleteAsync(Process process, long startedAt, CancellationToken cancellationToken)
    {
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await ChildExit.WaitAsync(process, RunTimeout, $"agentspec {string.Join(' ', process.StartInfo.ArgumentList)}", cancellationToken);

        var seconds = Clock.SecondsSince(startedAt);
        return new CliRun(process.ExitCode, await stdout, await stderr, seconds);
    }

    public static async Task<CliRun> RunAsync(string cliDll, string workingDirectory, IEnumerable<string> arguments, CancellationToken cancellationToken)
    {
        var started = Clock.Now;
        using var process = Start(cliDll, workingDirectory, arguments);
        return await CompleteAsync(process, started, cancellationToken);
    }
}
