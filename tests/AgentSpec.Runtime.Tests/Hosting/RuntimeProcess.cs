using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace AgentSpec.Runtime.Tests.Hosting;

/// <summary>The runtime as its own process (<c>dotnet AgentSpec.Runtime.dll</c>, i.e. Program.cs), with a clean environment.</summary>
public sealed partial class RuntimeProcess : IAsyncDisposable
{
    private static readonly string[] InheritedSettingsToDrop = ["AGENTSPEC_API_KEY", "AgentSpec__", "ConnectionStrings__", "ASPNETCORE_URLS", "OTEL_"];
    private readonly Process _process;
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();

    private RuntimeProcess(Process process)
    {
        _process = process;
    }

    public string StandardOutput
    {
        get
        {
            lock (_stdout)
            {
                return _stdout.ToString();
            }
        }
    }

    public string StandardError
    {
        get
        {
            lock (_stderr)
            {
                return _stderr.ToString();
            }
        }
    }

    public static RuntimeProcess Start(IReadOnlyDictionary<string, string> environment)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "AgentSpec.Runtime.dll"));
        info.ArgumentList.Add("--urls");
        info.ArgumentList.Add("http://127.0.0.1:0");
        foreach (var name in info.Environment.Keys.ToList())
        {
            if (InheritedSettingsToDrop.Any(prefix => name.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)))
            {
                info.Environment.Remove(name);
            }
        }

        info.Environment["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Information";
        foreach (var (name, value) in environment)
        {
            info.Environment[name] = value;
        }

        var process = new Process { StartInfo = info };
        var runtime = new RuntimeProcess(process);
        process.OutputDataReceived += (_, e) => Append(runtime._stdout, e.Data);
        process.ErrorDataReceived += (_, e) => Append(runtime._stderr, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return runtime;
    }

    /// <summary>The exit code, once the process ended by itself within <paramref name="timeout"/>.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancellation = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cancellation.Token);
        return _process.ExitCode;
    }

    /// <summary>The address Kestrel reports ("Now listening on: …").</summary>
    public async Task<Uri> WaitForListeningAsync(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            var match = ListeningPattern().Match(StandardOutput);
            if (match.Success)
            {
                return new Uri(match.Groups[1].Value);
            }

            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The runtime exited with {_process.ExitCode}.\nstdout:\n{StandardOutput}\nstderr:\n{StandardError}");
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"The runtime did not start listening.\nstdout:\n{StandardOutput}\nstderr:\n{StandardError}");
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private static void Append(StringBuilder builder, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (builder)
        {
            builder.AppendLine(line);
        }
    }

    [GeneratedRegex(@"Now listening on: (http://\S+)")]
    private static partial Regex ListeningPattern();
}
