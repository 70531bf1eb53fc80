using System.Diagnostics;
using System.Globalization;
using AgentSpec.Benchmarks.Infrastructure;

namespace AgentSpec.Benchmarks.Figures;

/// <summary>
/// The AgentSpec runtime as its own process (<c>dotnet AgentSpec.Runtime.dll</c>), configured only through
/// its environment: API key, the run's Redis, a loopback URL, and no model endpoint (the offline model).
/// </summary>
internal sealed class RuntimeProcess : IAsyncDisposable
{
    private static readonly string[] InheritedSettingsToDrop = ["AGENTSPEC_", "AgentSpec__", "ConnectionStrings__", "ASPNETCORE_", "DOTNET_URLS", "OTEL_"];
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private readonly Process _process;
    private readonly ChildProcessOutput _output = new();
    private bool _disposed;

    private RuntimeProcess(Process process, Uri address)
    {
        _process = process;
        Address = address;
    }

    public Uri Address { get; }

    /// <summary>The runtime's process, for its CPU time (figure 5's split).</summary>
    public Process Process => _process;

    public string Output => _output.ToString();

    public static async Task<RuntimeProcess> StartAsync(string runtimeDll, string apiKey, string redisConnectionString, CancellationToken cancellationToken)
    {
        if (!File.Exists(runtimeDll))
        {
            throw new FileNotFoundException($"The runtime build output {runtimeDll} is missing; build bench/AgentSpec.Benchmarks (it builds AgentSpec.Runtime) or pass --runtime-dll.", runtimeDll);
        }

        var port = FreePort.Next();
        var address = new Uri(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{port}"));
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(runtimeDll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(runtimeDll);
        foreach (var name in info.Environment.Keys.ToList())
        {
            if (InheritedSettingsToDrop.Any(prefix => name.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)))
            {
                info.Environment.Remove(name);
            }
        }

        info.Environment["AgentSpec__Runtime__ApiKey"] = apiKey;
        info.Environment["ConnectionStrings__redis"] = redisConnectionString;
        info.Environment["ASPNETCORE_URLS"] = address.ToString().TrimEnd('/');

        var process = new Process { StartInfo = info };
        var runtime = new RuntimeProcess(process, address);
        process.OutputDataReceived += (_, e) => runtime._output.Append(e.Data);
        process.ErrorDataReceived += (_, e) => runtime._output.Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await runtime.WaitUntilHealthyAsync(cancellationToken);
        }
        catch
        {
            await runtime.DisposeAsync();
            throw;
        }

        return runtime;
    }

    /// <summary>Stops the runtime; a second call does nothing (figure 5 stops one runtime before it starts the next).</summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private async Task WaitUntilHealthyAsync(CancellationToken cancellationToken)
    {
        using var client = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(5) };
        var started = Clock.Now;
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The runtime exited with code {_process.ExitCode} during start-up:\n{Output}");
            }

            try
            {
                using var response = await client.GetAsync(new Uri("/healthz", UriKind.Relative), cancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
            }

            if (Clock.SecondsSince(started) > StartTimeout.TotalSeconds)
            {
                throw new TimeoutException($"The runtime did not answer GET /healthz within {StartTimeout.TotalSeconds} s:\n{Output}");
            }

            await Task.Delay(100, cancellationToken);
        }
    }
}
