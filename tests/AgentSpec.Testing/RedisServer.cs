using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using StackExchange.Redis;

namespace AgentSpec.Testing;

/// <summary>
/// A real Redis-compatible server on a free loopback port, with AOF persistence in a temp directory:
/// <c>redis-server</c> from PATH, otherwise Garnet from the repository's tool manifest. If neither
/// starts, the constructor throws: tests that need Redis fail, they never skip.
/// </summary>
public sealed class RedisServer : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private readonly StringBuilder _output = new();
    private Process? _process;

    private RedisServer(RedisServerKind kind, int port, string dataDirectory, string? password)
    {
        Kind = kind;
        Port = port;
        DataDirectory = dataDirectory;
        Password = password;
    }

    public RedisServerKind Kind { get; }

    public int Port { get; }

    public string DataDirectory { get; }

    public string? Password { get; }

    public string ConnectionString =>
        $"127.0.0.1:{Port},abortConnect=false,connectTimeout=2000,syncTimeout=5000,asyncTimeout=5000" +
        (Password is null ? string.Empty : $",password={Password}");

    public bool IsRunning => _process is { HasExited: false };

    public static async Task<RedisServer> StartAsync(string? password = null, CancellationToken cancellationToken = default)
    {
        var dataDirectory = Directory.CreateTempSubdirectory("agentspec-redis-").FullName;
        var kind = ChooseKind();
        var server = new RedisServer(kind, FreePort(), dataDirectory, password);
        await server.StartProcessAsync(cancellationToken).ConfigureAwait(false);
        Console.WriteLine($"[AgentSpec.Testing] using {(kind == RedisServerKind.Redis ? "redis-server" : "Garnet")} on port {server.Port}");
        return server;
    }

    /// <summary>Stops the server abruptly (SIGKILL), as a crash would. AOF data already written survives.</summary>
    public async Task KillAsync()
    {
        if (_process is { HasExited: false } process)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Starts the server again on the same port and data directory (replaying its AOF).</summary>
    public Task RestartAsync(CancellationToken cancellationToken = default) => StartProcessAsync(cancellationToken);

    public async Task<ConnectionMultiplexer> ConnectAsync()
    {
        var options = ConfigurationOptions.Parse(ConnectionString);
        options.AllowAdmin = true;
        return await ConnectionMultiplexer.ConnectAsync(options).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync().ConfigureAwait(false);
        _process?.Dispose();
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private async Task StartProcessAsync(CancellationToken cancellationToken)
    {
        var startInfo = Kind == RedisServerKind.Redis ? RedisStartInfo() : GarnetStartInfo();
        startInfo.RedirectStandardOutput = true;
        startInfo.RedirectStandardError = true;
        startInfo.UseShellExecute = false;
        var process = new Process { StartInfo = startInfo };
        process.OutputDataReceived += (_, e) => Capture(e.Data);
        process.ErrorDataReceived += (_, e) => Capture(e.Data);
        if (!process.Start())
        {
            throw new InvalidOperationException($"Could not start {startInfo.FileName}.");
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(StartTimeout);
        while (true)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException(
                    $"{startInfo.FileName} exited with code {process.ExitCode} before accepting connections. Output:\n{Output()}");
            }

            if (await PingAsync().ConfigureAwait(false))
            {
                return;
            }

            try
            {
                await Task.Delay(100, timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException(
                    $"{startInfo.FileName} did not accept connections on port {Port} within {StartTimeout.TotalSeconds}s. Output:\n{Output()}");
            }
        }
    }

    private ProcessStartInfo RedisStartInfo()
    {
        var info = new ProcessStartInfo(FindOnPath("redis-server")!);
        foreach (var arg in new[]
        {
            "--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--bind", "127.0.0.1",
            "--dir", DataDirectory,
            "--appendonly", "yes",
            "--appendfsync", "always",
            "--save", string.Empty,
            "--daemonize", "no",
            "--protected-mode", "no",
        })
        {
            info.ArgumentList.Add(arg);
        }

        if (Password is not null)
        {
            info.ArgumentList.Add("--requirepass");
            info.ArgumentList.Add(Password);
        }

        return info;
    }

    private static void RestoreDotnetTools()
    {
        // A fresh clone has not restored the tool manifest yet; restoring is a no-op when it has.
        var info = new ProcessStartInfo("dotnet") { WorkingDirectory = RepositoryRoot(), UseShellExecute = false };
        info.ArgumentList.Add("tool");
        info.ArgumentList.Add("restore");
        info.RedirectStandardOutput = true;
        info.RedirectStandardError = true;
        using var restore = Process.Start(info) ?? throw new InvalidOperationException("Could not run dotnet tool restore.");
        var output = restore.StandardOutput.ReadToEnd() + restore.StandardError.ReadToEnd();
        restore.WaitForExit();
        if (restore.ExitCode != 0)
        {
            throw new InvalidOperationException($"dotnet tool restore failed (exit {restore.ExitCode}); Garnet is unavailable:\n{output}");
        }
    }

    private ProcessStartInfo GarnetStartInfo()
    {
        RestoreDotnetTools();
        var info = new ProcessStartInfo("dotnet") { WorkingDirectory = RepositoryRoot() };
        foreach (var arg in new[]
        {
            "tool", "run", "garnet-server", "--",
            "--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--bind", "127.0.0.1",
            "--checkpointdir", Path.Combine(DataDirectory, "checkpoints"),
            "--aof",
            "--aof-commit-freq", "0",
            "--recover",
            "--lua",
            // The native device needs libaio, which Debian 12 machines lack.
            "--device-type", "RandomAccess",
        })
        {
            info.ArgumentList.Add(arg);
        }

        if (Password is not null)
        {
            info.ArgumentList.Add("--auth");
            info.ArgumentList.Add("Password");
            info.ArgumentList.Add("--password");
            info.ArgumentList.Add(Password);
        }

        return info;
    }

    private async Task<bool> PingAsync()
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(IPAddress.Loopback, Port).ConfigureAwait(false);
            var stream = client.GetStream();
            var command = Password is null ? "PING\r\n" : $"AUTH {Password}\r\nPING\r\n";
            await stream.WriteAsync(Encoding.ASCII.GetBytes(command)).ConfigureAwait(false);
            var buffer = new byte[256];
            var total = 0;
            using var readTimeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            while (total < buffer.Length)
            {
                var read = await stream.ReadAsync(buffer.AsMemory(total), readTimeout.Token).ConfigureAwait(false);
                if (read == 0)
                {
                    return false;
                }

                total += read;
                var text = Encoding.ASCII.GetString(buffer, 0, total);
                if (text.Contains("+PONG", StringComparison.Ordinal))
                {
                    return true;
                }

                if (text.Contains("-LOADING", StringComparison.Ordinal) || text.Contains("-ERR", StringComparison.Ordinal))
                {
                    return false;
                }
            }

            return false;
        }
        catch (SocketException)
        {
            return false;
        }
        catch (IOException)
        {
            return false;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private void Capture(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }

    private string Output()
    {
        lock (_output)
        {
            return _output.ToString();
        }
    }

    /// <summary><c>AGENTSPEC_TEST_REDIS=garnet|redis</c> forces a server; otherwise redis-server when on PATH.</summary>
    private static RedisServerKind ChooseKind()
    {
        var forced = Environment.GetEnvironmentVariable("AGENTSPEC_TEST_REDIS");
        if (string.Equals(forced, "garnet", StringComparison.OrdinalIgnoreCase))
        {
            return RedisServerKind.Garnet;
        }

        if (string.Equals(forced, "redis", StringComparison.OrdinalIgnoreCase))
        {
            return FindOnPath("redis-server") is not null
                ? RedisServerKind.Redis
                : throw new InvalidOperationException("AGENTSPEC_TEST_REDIS=redis but redis-server is not on PATH.");
        }

        return FindOnPath("redis-server") is not null ? RedisServerKind.Redis : RedisServerKind.Garnet;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    internal static string? FindOnPath(string executable)
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
        foreach (var directory in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(directory, executable);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    /// <summary>The repository root (where .config/dotnet-tools.json lives), found upwards from the test binaries.</summary>
    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "AgentSpec.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"Could not find the repository root above {AppContext.BaseDirectory}.");
    }
}
