using System.Diagnostics;
using AgentSpec.AppHost.Hosting;

namespace AgentSpec.AppHost.Redis;

/// <summary>
/// Probes the real machine: asks the container CLI (<c>ASPIRE_CONTAINER_RUNTIME</c>, else docker, else podman)
/// whether its engine answers, and looks for <c>redis-server</c> on PATH.
/// </summary>
public sealed class MachineRedisServerProbes : IRedisServerProbes
{
    private readonly string? _configuredContainerRuntime;

    public MachineRedisServerProbes(string? configuredContainerRuntime)
    {
        _configuredContainerRuntime = string.IsNullOrWhiteSpace(configuredContainerRuntime) ? null : configuredContainerRuntime.Trim();
    }

    public bool ContainerRuntimeAnswers(TimeSpan timeout, out string description)
    {
        var candidates = _configuredContainerRuntime is null ? ["docker", "podman"] : new[] { _configuredContainerRuntime };
        var deadline = Stopwatch.StartNew();
        var findings = new List<string>();
        foreach (var runtime in candidates)
        {
            var cli = ExecutableSearch.FindOnPath(runtime);
            if (cli is null)
            {
                findings.Add($"{runtime} is not on PATH");
                continue;
            }

            var remaining = timeout - deadline.Elapsed;
            if (remaining <= TimeSpan.Zero)
            {
                findings.Add($"no time left to ask {runtime}");
                break;
            }

            if (EngineAnswers(cli, remaining, out var outcome))
            {
                description = $"{runtime} answered";
                return true;
            }

            findings.Add($"{runtime} {outcome}");
        }

        description = string.Join("; ", findings);
        return false;
    }

    public string? FindRedisServer() => ExecutableSearch.FindOnPath("redis-server");

    private static bool EngineAnswers(string cli, TimeSpan timeout, out string outcome)
    {
        var info = new ProcessStartInfo(cli)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };

        // `info` talks to the engine; the client alone (no daemon) exits non-zero.
        info.ArgumentList.Add("info");
        try
        {
            using var process = Process.Start(info);
            if (process is null)
            {
                outcome = "could not be started";
                return false;
            }

            process.StandardInput.Close();
            _ = process.StandardOutput.ReadToEndAsync();
            _ = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(timeout))
            {
                process.Kill(entireProcessTree: true);
                outcome = $"did not answer within {timeout.TotalMilliseconds:0} ms";
                return false;
            }

            outcome = process.ExitCode == 0 ? "answered" : $"has no reachable engine (exit code {process.ExitCode})";
            return process.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            outcome = $"could not be started ({ex.Message})";
            return false;
        }
    }
}
