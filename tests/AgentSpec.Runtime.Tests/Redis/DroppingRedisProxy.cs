using System.Net;
using System.Net.Sockets;
using System.Text;

namespace AgentSpec.Runtime.Tests.Redis;

/// <summary>
/// A TCP proxy in front of a real Redis server. Once armed with a marker, the first client write that
/// contains it is forwarded to Redis (which runs it) and then the client's connection is cut before the
/// reply comes back: the runtime sees a dropped connection after sending, i.e. an unknown outcome.
/// </summary>
public sealed class DroppingRedisProxy : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly int _upstreamPort;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<IDisposable> _resources = [];
    private byte[]? _marker;
    private int _dropped;

    public DroppingRedisProxy(int upstreamPort)
    {
        _upstreamPort = upstreamPort;
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _ = AcceptLoopAsync();
    }

    public int Port { get; }

    /// <summary>How many connections were cut after forwarding a marked write.</summary>
    public int Dropped => Volatile.Read(ref _dropped);

    public void DropAfterForwarding(string marker) => Volatile.Write(ref _marker, Encoding.UTF8.GetBytes(marker));

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        lock (_resources)
        {
            foreach (var resource in _resources)
            {
                resource.Dispose();
            }
        }

        _stop.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                var upstream = new TcpClient();
                await upstream.ConnectAsync(IPAddress.Loopback, _upstreamPort, _stop.Token);
                lock (_resources)
                {
                    _resources.Add(client);
                    _resources.Add(upstream);
                }

                var cut = new CancellationTokenSource();
                _ = PumpToRedisAsync(client, upstream, cut);
                _ = PumpToClientAsync(upstream, client, cut.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                if (_stop.IsCancellationRequested)
                {
                    return;
                }
            }
        }
    }

    private async Task PumpToRedisAsync(TcpClient client, TcpClient upstream, CancellationTokenSource cut)
    {
        var buffer = new byte[64 * 1024];
        try
        {
            var from = client.GetStream();
            var to = upstream.GetStream();
            while (true)
            {
                var read = await from.ReadAsync(buffer, _stop.Token);
                if (read == 0)
                {
                    return;
                }

                await to.WriteAsync(buffer.AsMemory(0, read), _stop.Token);
                if (Volatile.Read(ref _marker) is { } marker && buffer.AsSpan(0, read).IndexOf(marker) >= 0
                    && Interlocked.CompareExchange(ref _marker, null, marker) == marker)
                {
                    // Redis has the command; the client never gets the answer. The upstream side stays open
                    // (its reply is discarded) so Redis runs the command for certain.
                    await cut.CancelAsync();
                    client.Client.LingerState = new LingerOption(true, 0);
                    client.Dispose();
                    Interlocked.Increment(ref _dropped);
                    return;
                }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or SocketException or ObjectDisposedException)
        {
        }
    }

    private async Task PumpToClientAsync(TcpClient upstream, TcpClient client, CancellationToken cut)
    {
        var buffer = new byte[64 * 1024];
        try
        {
            var from = upstream.GetStream();
            var to = client.GetStream();
            while (true)
            {
                var read = await from.ReadAsync(buffer, _stop.Token);
                if (read == 0)
                {
                    return;
                }

                if (cut.IsCancellationRequested)
                {
                    continue;
                }

                await to.WriteAsync(buffer.AsMemory(0, read), _stop.Token);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or SocketException or ObjectDisposedException)
        {
        }
    }
}
