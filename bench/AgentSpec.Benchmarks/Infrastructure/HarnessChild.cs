using System.Diagnostics;

namespace AgentSpec.Benchmarks.Infrastructure;

/// <summary>
/// This harness started again as a child process in one of its helper modes (<c>lock-holder</c>,
/// <c>serve-constant</c>), talking one line at a time over stdin and stdout.
/// </summary>
internal sealed class HarnessChild : IAsyncDisposable
{
    private static readonly TimeSpan ReplyTimeout = TimeSpan.FromSeconds(60);
    private readonly Process _process;
    private readonly ChildProcessOutput _errors = new();

    private HarnessChild(Process process)
    {
        _process = process;
    }

    public static HarnessChild Start(params string[] arguments)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(typeof(HarnessChild).Assembly.Location);
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment.Remove("OTEL_EXPORTER_OTLP_ENDPOINT");
        var process = new Process { StartInfo = info };
        var child = new HarnessChild(process);
        process.ErrorDataReceived += (_, e) => child._errors.Append(e.Data);
        process.Start();
        process.BeginErrorReadLine();
        return child;
    }

    public async Task SendAsync(string line)
    {
        await _process.StandardInput.WriteLineAsync(line);
        await _process.StandardInput.FlushAsync();
    }

    /// <summary>The next line the child prints; fails with what it printed on stderr if it dies or stays silent.</summary>
    public async Task<string> ReadLineAsync(CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(ReplyTimeout);
        string? line;
        try
        {
            line = await _process.StandardOutput.ReadLineAsync(timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"The helper process said nothing for {ReplyTimeout.TotalSeconds} s. Its stderr:\n{_errors}");
        }

        return line ?? throw new InvalidOperationException($"The helper process ended unexpectedly. Its stderr:\n{_errors}");
    }

    /// <summary>Reads until a line starting with <paramref name="prefix"/> and returns the rest of it.</summary>
    public async Task<string> ExpectAsync(string prefix, CancellationToken cancellationToken)
    {
        var line = await ReadLineAsync(cancellationToken);
        return line.StartsWith(prefix, StringComparison.Ordinal)
            ? line[prefix.Length..].Trim()
            : throw new InvalidOperationException($"The helper process answered '{line}' where '{prefix}' was expected. Its stderr:\n{_errors}");
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            try
            {
                _process.StandardInput.Close();
                using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                await _process.WaitForExitAsync(grace.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
            catch (IOException)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
        }

        _process.Dispose();
    }
}
