using System.Diagnostics;
using System.Globalization;
using System.Threading.Channels;
using AgentSpec.Testing;

namespace AgentSpec.Core.Tests.State;

/// <summary>A real <c>AgentSpec.StateTorture</c> process started as <c>dotnet &lt;dll&gt;</c>, with its stdout as lines.</summary>
internal sealed class TortureProcess : IAsyncDisposable
{
    public const int SIGKILL = 9;
    public const int SIGCONT = 18;
    public const int SIGSTOP = 19;

    private static readonly TimeSpan DefaultWait = TimeSpan.FromSeconds(60);

    private readonly Process _process;
    private readonly Channel<string> _lines = Channel.CreateUnbounded<string>();
    private readonly Task _reader;

    private TortureProcess(Process process)
    {
        _process = process;
        _reader = Task.Run(ReadAsync);
    }

    public int Pid => _process.Id;

    public List<string> Seen { get; } = [];

    public static string DllPath
    {
        get
        {
            // Same configuration as this test assembly (bin/<Configuration>/net10.0).
            var testBin = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
            var configuration = testBin.Parent!.Name;
            var path = Path.Combine(RedisServer.RepositoryRoot(), "tests", "AgentSpec.StateTorture", "bin", configuration, testBin.Name, "AgentSpec.StateTorture.dll");
            return File.Exists(path) ? path : throw new FileNotFoundException($"Build tests/AgentSpec.StateTorture first: {path} is missing.", path);
        }
    }

    public static TortureProcess Start(params string[] arguments)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardInput = true,
            RedirectStandardError = false,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(DllPath);
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment["DOTNET_TieredPGO"] = "0";
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        return new TortureProcess(Process.Start(info) ?? throw new InvalidOperationException("dotnet did not start"));
    }

    /// <summary>Waits for the next line matching <paramref name="match"/>; earlier lines are kept in <see cref="Seen"/>.</summary>
    public async Task<string> WaitForLineAsync(Func<string, bool> match, TimeSpan? timeout = null)
    {
        using var cancellation = new CancellationTokenSource(timeout ?? DefaultWait);
        try
        {
            while (await _lines.Reader.WaitToReadAsync(cancellation.Token))
            {
                while (_lines.Reader.TryRead(out var line))
                {
                    Seen.Add(line);
                    if (match(line))
                    {
                        return line;
                    }
                }
            }
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"The torture process {Pid} printed no matching line; it printed: {string.Join(" | ", Seen.TakeLast(5))}");
        }

        throw new InvalidOperationException($"The torture process {Pid} exited; it printed: {string.Join(" | ", Seen.TakeLast(5))}");
    }

    public async Task SendAsync(string line)
    {
        await _process.StandardInput.WriteLineAsync(line);
        await _process.StandardInput.FlushAsync();
    }

    public void Signal(int signal)
    {
        if (!Kill(_process.Id, signal))
        {
            throw new InvalidOperationException($"kill -{signal} {_process.Id} failed");
        }
    }

    /// <summary>SIGKILL, then every line the process managed to print before it died.</summary>
    public async Task<IReadOnlyList<string>> KillAsync()
    {
        Signal(SIGKILL);
        await _process.WaitForExitAsync();
        await _reader;
        while (_lines.Reader.TryRead(out var line))
        {
            Seen.Add(line);
        }

        return Seen;
    }

    public async Task WaitForExitAsync()
    {
        using var cancellation = new CancellationTokenSource(DefaultWait);
        await _process.WaitForExitAsync(cancellation.Token);
        await _reader;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _ = Kill(_process.Id, SIGCONT);
            _process.Kill();
            await _process.WaitForExitAsync();
        }

        await _reader;
        _process.Dispose();
    }

    /// <summary>kill(1): the product has no use for sending signals, so the tests do not borrow its native calls for it.</summary>
    private static bool Kill(int pid, int signal)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill", [$"-{signal.ToString(CultureInfo.InvariantCulture)}", pid.ToString(CultureInfo.InvariantCulture)]) { UseShellExecute = false })!;
        kill.WaitForExit();
        return kill.ExitCode == 0;
    }

    private async Task ReadAsync()
    {
        while (await _process.StandardOutput.ReadLineAsync() is { } line)
        {
            await _lines.Writer.WriteAsync(line);
        }

        _lines.Writer.Complete();
    }
}
