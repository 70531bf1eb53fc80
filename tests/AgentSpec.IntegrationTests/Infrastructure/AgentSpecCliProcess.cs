using System.Diagnostics;
using AgentSpec.AppHost.Cli;
using AgentSpec.AppHost.Hosting;
using AgentSpec.Testing;

namespace AgentSpec.IntegrationTests.Infrastructure;

/// <summary>Runs the built <c>agentspec</c> CLI as a real process (the same assembly the AppHost's cli resource runs).</summary>
public static class AgentSpecCliProcess
{
    public static readonly TimeSpan RunTimeout = TimeSpan.FromMinutes(3);

    public static string EntryAssembly => CliAssembly.Locate(new Projects.AgentSpec_Cli().ProjectPath);

    public static async Task<CliRun> RunAsync(IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string?>? environment = null)
    {
        var info = new ProcessStartInfo(DotnetHost.Path())
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        info.ArgumentList.Add(EntryAssembly);
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        // A clean slate: nothing from the test runner's environment points the CLI somewhere else.
        foreach (var name in new[] { "OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_EXPORTER_OTLP_PROTOCOL", "OTEL_SERVICE_NAME", "AGENTSPEC_RUNTIME_URL", "AGENTSPEC_API_KEY" })
        {
            info.Environment.Remove(name);
        }

        info.Environment["NO_COLOR"] = "1";
        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
        {
            info.Environment[name] = value;
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException("Could not start the agentspec CLI.");
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(RunTimeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"agentspec {string.Join(' ', arguments)} did not finish within {RunTimeout}. stderr:\n{await stderr}");
        }

        return new CliRun(process.ExitCode, await stdout, await stderr);
    }
}
