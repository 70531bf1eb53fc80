using System.Diagnostics;
using AgentSpec.Testing;

namespace AgentSpec.Cli.Tests;

/// <summary>Runs the real <c>agentspec</c> executable (the built agentspec.dll) as a child process.</summary>
public static class AgentSpecProcess
{
    public static string DllPath { get; } = Path.Combine(AppContext.BaseDirectory, "agentspec.dll");

    public static ProcessStartInfo StartInfo(string workingDirectory, IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(DllPath);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        // Child processes must not inherit an OTLP endpoint from the test environment by accident.
        info.Environment.Remove("OTEL_EXPORTER_OTLP_ENDPOINT");
        info.Environment["NO_COLOR"] = "1";
        if (environment is not null)
        {
            foreach (var (key, value) in environment)
            {
                info.Environment[key] = value;
            }
        }

        return info;
    }

    public static Task<CliRun> RunAsync(string workingDirectory, IReadOnlyDictionary<string, string>? environment, params string[] args) =>
        RunWithInputAsync(workingDirectory, environment, string.Empty, args);

    /// <summary>As <see cref="RunAsync"/>, with <paramref name="stdin"/> piped to the process (then end of input).</summary>
    public static async Task<CliRun> RunWithInputAsync(string workingDirectory, IReadOnlyDictionary<string, string>? environment, string stdin, params string[] args)
    {
        using var process = Process.Start(StartInfo(workingDirectory, environment, args))
            ?? throw new InvalidOperationException("Could not start agentspec.");
        await process.StandardInput.WriteAsync(stdin);
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        return new CliRun(process.ExitCode, await stdout, await stderr);
    }

    /// <summary>
    /// Starts one <c>agentspec</c> per argument list, every one before any is awaited (so they contend for the state
    /// lock), and collects each run.
    /// </summary>
    public static async Task<CliRun[]> RunAllAtOnceAsync(string workingDirectory, IReadOnlyDictionary<string, string>? environment, IEnumerable<string[]> argumentLists)
    {
        var processes = argumentLists.Select(args => Process.Start(StartInfo(workingDirectory, environment, args))!).ToList();
        try
        {
            return await Task.WhenAll(processes.Select(async p =>
            {
                p.StandardInput.Close();
                var stdout = p.StandardOutput.ReadToEndAsync();
                var stderr = p.StandardError.ReadToEndAsync();
                using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(4));
                await p.WaitForExitAsync(timeout.Token);
                return new CliRun(p.ExitCode, await stdout, await stderr);
            }));
        }
        finally
        {
            foreach (var p in processes)
            {
                p.Dispose();
            }
        }
    }
}
