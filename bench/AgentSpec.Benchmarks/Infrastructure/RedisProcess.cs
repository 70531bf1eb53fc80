using System.Diagnostics;
using System.Globalization;
using StackExchange.Redis;

namespace AgentSpec.Benchmarks.Infrastructure;

/// <summary>
/// A real Redis-compatible server for the session and runtime figures, on a free loopback port:
/// <c>redis-server</c> from PATH, otherwise Garnet from the repository's dotnet tool manifest (the same
/// choice as tests/AgentSpec.Testing/RedisServer.cs, including <c>AGENTSPEC_TEST_REDIS=garnet|redis</c>, but
/// with the persistence the benchmark asks for).
/// </summary>
internal sealed class RedisProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private readonly Process _process;
    private readonly ChildProcessOutput _output = new();
    private readonly string _dataDirectory;

    private RedisProcess(Process process, string kind, int port, string dataDirectory)
    {
        _process = process;
        Kind = kind;
        Port = port;
        _dataDirectory = dataDirectory;
    }

    /// <summary><c>redis-server</c> or <c>garnet</c>.</summary>
    public string Kind { get; }

    public int Port { get; }

    public string Version { get; private set; } = "unknown";

    public string ConnectionString =>
        string.Create(CultureInfo.InvariantCulture, $"127.0.0.1:{Port},abortConnect=false,connectTimeout=5000,syncTimeout=30000,asyncTimeout=30000");

    public static async Task<RedisProcess> StartAsync(string repositoryRoot, string workDirectory, RedisPersistence persistence, CancellationToken cancellationToken)
    {
        var dataDirectory = Path.Combine(workDirectory, "redis-data");
        Directory.CreateDirectory(dataDirectory);
        var port = FreePort.Next();
        // Same switch as the tests: AGENTSPEC_TEST_REDIS=garnet|redis forces one server.
        var forced = Environment.GetEnvironmentVariable("AGENTSPEC_TEST_REDIS");
        var redisServer = string.Equals(forced, "garnet", StringComparison.OrdinalIgnoreCase) ? null : Executables.Find("redis-server");
        if (redisServer is null && string.Equals(forced, "redis", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException("AGENTSPEC_TEST_REDIS=redis but redis-server is not on PATH.");
        }

        var info = redisServer is not null
            ? RedisStartInfo(redisServer, port, dataDirectory, persistence)
            : GarnetStartInfo(repositoryRoot, port, dataDirectory, persistence);
        info.RedirectStandardOutput = true;
        info.RedirectStandardError = true;
        info.UseShellExecute = false;
        var process = new Process { StartInfo = info };
        var server = new RedisProcess(process, redisServer is not null ? "redis-server" : "garnet", port, dataDirectory);
        process.OutputDataReceived += (_, e) => server._output.Append(e.Data);
        process.ErrorDataReceived += (_, e) => server._output.Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await server.WaitUntilReadyAsync(cancellationToken);
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }

        return server;
    }

    public async Task<ConnectionMultiplexer> ConnectAsync()
    {
        var options = ConfigurationOptions.Parse(ConnectionString);
        options.AllowAdmin = true;
        return await ConnectionMultiplexer.ConnectAsync(options);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private async Task WaitUntilReadyAsync(CancellationToken cancellationToken)
    {
        var started = Clock.Now;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"{Kind} exited with code {_process.ExitCode} before accepting connections:\n{_output}");
            }

            try
            {
                await using var connection = await ConnectAsync();
                if (connection.IsConnected)
                {
                    var server = connection.GetServer("127.0.0.1", Port);
                    await server.PingAsync();
                    Version = server.Version.ToString();
                    return;
                }
            }
            catch (RedisException)
            {
            }

            if (Clock.SecondsSince(started) > StartTimeout.TotalSeconds)
            {
                throw new TimeoutException($"{Kind} did not accept connections on port {Port} within {StartTimeout.TotalSeconds} s:\n{_output}");
            }

            await Task.Delay(100, cancellationToken);
        }
    }

    private static ProcessStartInfo RedisStartInfo(string executable, int port, string dataDirectory, RedisPersistence persistence)
    {
        var info = new ProcessStartInfo(executable);
        string[] arguments =
        [
            "--port", port.ToString(CultureInfo.InvariantCulture),
            "--bind", "127.0.0.1",
            "--dir", dataDirectory,
            "--save", string.Empty,
            "--daemonize", "no",
            "--protected-mode", "no",
            "--appendonly", persistence == RedisPersistence.None ? "no" : "yes",
            "--appendfsync", persistence == RedisPersistence.Always ? "always" : "everysec",
        ];
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        return info;
    }

    private static ProcessStartInfo GarnetStartInfo(string repositoryRoot, int port, string dataDirectory, RedisPersistence persistence)
    {
        RestoreDotnetTools(repositoryRoot);
        var info = new ProcessStartInfo("dotnet") { WorkingDirectory = repositoryRoot };
        List<string> arguments =
        [
            "tool", "run", "garnet-server", "--",
            "--port", port.ToString(CultureInfo.InvariantCulture),
            "--bind", "127.0.0.1",
            "--checkpointdir", Path.Combine(dataDirectory, "checkpoints"),
            "--lua",
            // The native device needs libaio, which Debian 12 machines lack.
            "--device-type", "RandomAccess",
        ];
        if (persistence != RedisPersistence.None)
        {
            arguments.AddRange(["--aof", "--aof-commit-freq", persistence == RedisPersistence.Always ? "0" : "1000"]);
        }

        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        return info;
    }

    private static void RestoreDotnetTools(string repositoryRoot)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = repositoryRoot,
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        info.ArgumentList.Add("tool");
        info.ArgumentList.Add("restore");
        using var restore = Process.Start(info) ?? throw new InvalidOperationException("Could not run dotnet tool restore.");
        var output = restore.StandardOutput.ReadToEnd() + restore.StandardError.ReadToEnd();
        restore.WaitForExit();
        if (restore.ExitCode != 0)
        {
            throw new InvalidOperationException($"No redis-server on PATH and `dotnet tool restore` failed (exit {restore.ExitCode}), so Garnet is unavailable either:\n{output}");
        }
    }
}
