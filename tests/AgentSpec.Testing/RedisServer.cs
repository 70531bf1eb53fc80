using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using AgentSpec.AppHost.Hosting;
using AgentSpec.AppHost.Redis;
using StackExchange.Redis;

namespace AgentSpec.Testing;

/// <summary>
/// A real Redis-compatible server on a free loopback port with its data in a temp directory, configured by the
/// AppHost's own renderers (<see cref="RedisServerConfigFile"/>, <see cref="GarnetConfigFile"/>): an append-only
/// file fsynced (redis-server) or committed (Garnet) before each reply, replayed on restart. The server is
/// <c>redis-server</c> from PATH, otherwise Garnet from the repository's tool manifest, run like the AppHost runs
/// it (<c>dotnet &lt;entry assembly&gt;</c>, so killing the process kills the server itself).
/// A server that does not start is killed before the error is raised; tests that need Redis fail, never skip.
/// </summary>
public sealed class RedisServer : IAsyncDisposable
{
    /// <summary>
    /// How long a server (or the Garnet tool restore) may take to answer. Generous on purpose: the first Garnet
    /// start after a restore, on a loaded 2-core machine running several test projects, has taken over a minute.
    /// </summary>
    public static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(3);

    private static readonly SemaphoreSlim GarnetLookup = new(1, 1);
    private static string? _garnetEntryAssembly;

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

    /// <summary>The configuration file the server runs with, rendered by the AppHost's code (0600: it may hold the password).</summary>
    public string ConfigurationFile => Path.Combine(DataDirectory, Kind == RedisServerKind.Garnet ? "garnet.conf" : "redis.conf");

    /// <summary>
    /// Commands may wait 60 s: Garnet commits its append-only log before every reply, and on a loaded 2-core
    /// machine (six test assemblies at once) a burst of hundreds of pipelined turns has taken over 15 s.
    /// </summary>
    public string ConnectionString =>
        $"127.0.0.1:{Port},abortConnect=false,connectTimeout=2000,syncTimeout=60000,asyncTimeout=60000" +
        (Password is null ? string.Empty : $",password={Password}");

    public bool IsRunning => _process is { HasExited: false };

    /// <summary>The server process (for tests that pause it with SIGSTOP); null before the first start.</summary>
    public int? ProcessId => _process?.Id;

    /// <summary>What the server printed so far (all starts).</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>Starts the server this machine offers (<see cref="ChosenKind"/>).</summary>
    public static Task<RedisServer> StartAsync(string? password = null, CancellationToken cancellationToken = default) =>
        StartAsync(ChosenKind(), password, cancellationToken);

    public static Task<RedisServer> StartAsync(RedisServerKind kind, string? password = null, CancellationToken cancellationToken = default) =>
        StartAsync(kind, password, RedisPersistence.Always, parentDirectory: null, cancellationToken);

    /// <param name="parentDirectory">Where the server's data directory is created; null: the system temp directory.</param>
    public static async Task<RedisServer> StartAsync(
        RedisServerKind kind,
        string? password,
        RedisPersistence persistence,
        string? parentDirectory,
        CancellationToken cancellationToken = default)
    {
        var dataDirectory = parentDirectory is null
            ? Directory.CreateTempSubdirectory("agentspec-redis-").FullName
            : Directory.CreateDirectory(Path.Combine(parentDirectory, "redis-" + Guid.NewGuid().ToString("N")[..8])).FullName;
        var server = new RedisServer(kind, LoopbackPort.Free(), dataDirectory, password);
        try
        {
            var contents = kind == RedisServerKind.Garnet
                ? RedisPersistenceSettings.ApplyToGarnet(GarnetConfigFile.Render(dataDirectory, password), persistence)
                : RedisPersistenceSettings.ApplyToRedisServer(RedisServerConfigFile.Render(dataDirectory, password), persistence);
            await OwnerOnlyFile.WriteAsync(server.ConfigurationFile, contents, cancellationToken).ConfigureAwait(false);
            await server.StartProcessAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await server.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        Console.WriteLine($"[AgentSpec.Testing] using {Describe(kind)} on port {server.Port}");
        return server;
    }

    /// <summary>
    /// <c>AGENTSPEC_TEST_REDIS=garnet|redis</c> forces a server; otherwise <c>redis-server</c> when it is on PATH
    /// (what CI installs), else Garnet, which needs nothing but the .NET SDK.
    /// </summary>
    public static RedisServerKind ChosenKind()
    {
        var forced = Environment.GetEnvironmentVariable("AGENTSPEC_TEST_REDIS");
        if (string.Equals(forced, "garnet", StringComparison.OrdinalIgnoreCase))
        {
            return RedisServerKind.Garnet;
        }

        if (string.Equals(forced, "redis", StringComparison.OrdinalIgnoreCase))
        {
            return RedisServerPath() is not null
                ? RedisServerKind.Redis
                : throw new InvalidOperationException("AGENTSPEC_TEST_REDIS=redis but redis-server is not on PATH.");
        }

        return RedisServerPath() is not null ? RedisServerKind.Redis : RedisServerKind.Garnet;
    }

    /// <summary>The servers this machine can run: Garnet always (the tool manifest), <c>redis-server</c> when it is on PATH.</summary>
    public static IReadOnlyList<RedisServerKind> InstalledKinds() =>
        RedisServerPath() is null ? [RedisServerKind.Garnet] : [RedisServerKind.Garnet, RedisServerKind.Redis];

    /// <summary>Stops the server abruptly (SIGKILL), as a crash would. What the server acknowledged survives.</summary>
    public async Task KillAsync()
    {
        if (_process is { } process)
        {
            await RunningServers.KillAsync(process).ConfigureAwait(false);
        }
    }

    /// <summary>Starts the server again on the same port and data directory (replaying its append-only file).</summary>
    public async Task RestartAsync(CancellationToken cancellationToken = default)
    {
        await KillAsync().ConfigureAwait(false);
        await StartProcessAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The server's version, as it reports it (<c>INFO server</c>).</summary>
    public async Task<string> VersionAsync()
    {
        await using var connection = await ConnectAsync().ConfigureAwait(false);
        return connection.GetServer("127.0.0.1", Port).Version.ToString();
    }

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

    /// <summary>The repository root (where .config/dotnet-tools.json lives), found upwards from the test binaries.</summary>
    public static string RepositoryRoot() => RepositoryLayout.FindRoot(AppContext.BaseDirectory);

    private static string Describe(RedisServerKind kind) => kind == RedisServerKind.Redis ? "redis-server" : "Garnet";

    private static string? RedisServerPath() => ExecutableSearch.FindOnPath("redis-server");

    private async Task StartProcessAsync(CancellationToken cancellationToken)
    {
        var info = Kind == RedisServerKind.Redis
            ? new ProcessStartInfo(RedisServerPath() ?? throw new InvalidOperationException("redis-server is no longer on PATH."))
            : new ProcessStartInfo(DotnetHost.Path());
        if (Kind == RedisServerKind.Garnet)
        {
            info.ArgumentList.Add(await GarnetEntryAssemblyAsync(cancellationToken).ConfigureAwait(false));
            info.ArgumentList.Add("--config-import-path");
        }

        // The same command line as the AppHost's: the configuration file and the port.
        info.ArgumentList.Add(ConfigurationFile);
        info.ArgumentList.Add("--port");
        info.ArgumentList.Add(Port.ToString(CultureInfo.InvariantCulture));
        info.WorkingDirectory = DataDirectory;
        info.UseShellExecute = false;
        info.RedirectStandardOutput = true;
        info.RedirectStandardError = true;
        info.RedirectStandardInput = true;

        Capture($"--- {Describe(Kind)} {string.Join(' ', info.ArgumentList)} ---");
        var process = new Process { StartInfo = info };
        process.OutputDataReceived += (_, e) => Capture(e.Data);
        process.ErrorDataReceived += (_, e) => Capture(e.Data);
        var previous = _process;
        _process = process;
        previous?.Dispose();
        if (!process.Start())
        {
            throw new InvalidOperationException($"Could not start {Describe(Kind)} ({info.FileName}).");
        }

        RunningServers.Track(process);
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        try
        {
            await WaitUntilAnsweringAsync(process, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            // A server that did not start must not outlive the error (nor hold the port and data directory).
            await RunningServers.KillAsync(process).ConfigureAwait(false);
            throw;
        }
    }

    private async Task WaitUntilAnsweringAsync(Process process, CancellationToken cancellationToken)
    {
        var waited = Stopwatch.StartNew();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(StartTimeout);
        while (true)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException(
                    $"{Describe(Kind)} exited with code {process.ExitCode} after {waited.Elapsed.TotalSeconds:0.0} s, before accepting connections on port {Port}. Output:\n{Output}");
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
                    $"{Describe(Kind)} did not answer PING on port {Port} within {StartTimeout.TotalSeconds:0} s (waited {waited.Elapsed.TotalSeconds:0.0} s); it was killed. Output:\n{Output}");
            }
        }
    }

    /// <summary>Restores the tool manifest once per test process and finds Garnet's entry assembly, as the AppHost does.</summary>
    private static async Task<string> GarnetEntryAssemblyAsync(CancellationToken cancellationToken)
    {
        await GarnetLookup.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_garnetEntryAssembly is null)
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                timeout.CancelAfter(StartTimeout);
                try
                {
                    _garnetEntryAssembly = await GarnetTool.RestoreAndLocateAsync(RepositoryRoot(), timeout.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    throw new TimeoutException(
                        $"'dotnet tool restore' did not finish within {StartTimeout.TotalSeconds:0} s, so Garnet is unavailable; it was killed.");
                }
            }

            return _garnetEntryAssembly;
        }
        finally
        {
            GarnetLookup.Release();
        }
    }

    private async Task<bool> PingAsync()
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(IPAddress.Loopback, Port).ConfigureAwait(false);
            var stream = client.GetStream();
            // RESP arrays, not inline commands: Garnet does not parse inline AUTH.
            var command = (Password is null ? string.Empty : Resp("AUTH", Password)) + Resp("PING");
            await stream.WriteAsync(Encoding.UTF8.GetBytes(command)).ConfigureAwait(false);
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

                // An error reply (-LOADING while the append-only file replays, -WRONGPASS, -ERR): not ready.
                if (text.StartsWith('-') || text.Contains("\n-", StringComparison.Ordinal))
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

    private static string Resp(params string[] parts)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"*{parts.Length}\r\n");
        foreach (var part in parts)
        {
            text.Append(CultureInfo.InvariantCulture, $"${Encoding.UTF8.GetByteCount(part)}\r\n{part}\r\n");
        }

        return text.ToString();
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
}
