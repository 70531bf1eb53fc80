using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using StackExchange.Redis;

namespace AgentSpec.AppHost.Tests.Redis;

/// <summary>A Redis-compatible server process started from a rendered configuration, for config tests.</summary>
internal sealed class ServerProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);
    private readonly StringBuilder _output = new();
    private readonly Process _process;

    private ServerProcess(Process process, int port)
    {
        _process = process;
        Port = port;
    }

    public int Port { get; }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public static async Task<ServerProcess> StartAsync(string fileName, IEnumerable<string> arguments, int port, string password)
    {
        var info = new ProcessStartInfo(fileName)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {fileName}.");
        var server = new ServerProcess(process, port);
        process.OutputDataReceived += (_, e) => server.Capture(e.Data);
        process.ErrorDataReceived += (_, e) => server.Capture(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await server.WaitUntilReadyAsync(password);
        return server;
    }

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

    public ConfigurationOptions Options(string? password)
    {
        var options = new ConfigurationOptions { AbortOnConnectFail = false, ConnectTimeout = 2000, AllowAdmin = true };
        options.EndPoints.Add(IPAddress.Loopback, Port);
        options.Password = password;
        return options;
    }

    /// <summary>SIGKILL: what survives is only what the server had made durable.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process.Dispose();
    }

    private async Task WaitUntilReadyAsync(string password)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The server exited with code {_process.ExitCode}. Output:\n{Output}");
            }

            try
            {
                await using var connection = await ConnectionMultiplexer.ConnectAsync(Options(password));
                if (connection.IsConnected)
                {
                    await connection.GetDatabase().PingAsync();
                    return;
                }
            }
            catch (RedisException)
            {
            }

            if (deadline.Elapsed > StartTimeout)
            {
                throw new TimeoutException($"The server did not answer PING within {StartTimeout.TotalSeconds}s. Output:\n{Output}");
            }

            await Task.Delay(200);
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
}
