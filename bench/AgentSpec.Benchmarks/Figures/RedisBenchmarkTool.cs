using System.Diagnostics;
using System.Globalization;
using AgentSpec.Benchmarks.Infrastructure;

namespace AgentSpec.Benchmarks.Figures;

/// <summary><c>redis-benchmark -t rpush -c 64</c> against the run's Redis server: the store's own ceiling for one list push per request.</summary>
internal static class RedisBenchmarkTool
{
    private static readonly TimeSpan RunTimeout = TimeSpan.FromMinutes(5);

    /// <returns>RPUSH requests per second, or null with the reason when redis-benchmark is not installed.</returns>
    public static async Task<(double? PerSecond, string Detail)> RunAsync(int port, int clients, int requests, CancellationToken cancellationToken)
    {
        var executable = Executables.Find("redis-benchmark");
        if (executable is null)
        {
            return (null, "redis-benchmark is not on PATH (Debian: apt-get install redis-tools), so this peer was not measured");
        }

        var info = new ProcessStartInfo(executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
        {
            "-h", "127.0.0.1", "-p", port.ToString(CultureInfo.InvariantCulture),
            "-t", "rpush", "-c", clients.ToString(CultureInfo.InvariantCulture),
            "-n", requests.ToString(CultureInfo.InvariantCulture), "--csv",
        })
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException("Could not start redis-benchmark.");
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await ChildExit.WaitAsync(process, RunTimeout, "redis-benchmark", cancellationToken);
        var output = await stdout;
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"redis-benchmark exited with {process.ExitCode}:\n{output}\n{await stderr}");
        }

        // --csv prints a header and one line per test: "RPUSH","142857.14","0.239",...
        foreach (var line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var fields = line.Split(',').Select(f => f.Trim('"')).ToArray();
            if (fields.Length >= 2 && fields[0].StartsWith("RPUSH", StringComparison.OrdinalIgnoreCase)
                && double.TryParse(fields[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var perSecond))
            {
                var p50 = fields.Length >= 5 ? $", p50 {fields[4]} ms" : string.Empty;
                return (perSecond, string.Create(CultureInfo.InvariantCulture, $"{requests:N0} requests{p50}"));
            }
        }

        throw new InvalidOperationException($"Could not find the RPUSH line in redis-benchmark's output:\n{output}");
    }
}
