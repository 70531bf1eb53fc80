using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace AgentSpec.Cli.Tests.Runtime;

/// <summary>
/// A real HTTP/1.1 server on a loopback TcpListener that answers every request with one canned response
/// (or never answers, when <paramref name="respond"/> returns null), and records each request's head.
/// It stands in for a misbehaving runtime: a redirecting proxy, a hung server, a server sending bad JSON.
/// </summary>
public sealed class CannedHttpServer : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly Func<string, string?> _respond;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentBag<Socket> _sockets = [];
    private int _connections;

    /// <param name="respond">Given the request head, the raw response (status line, headers, body) or null to stay silent.</param>
    public CannedHttpServer(Func<string, string?> respond)
    {
        _respond = respond;
        _listener.Start();
        Url = new Uri($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/");
        _ = AcceptLoopAsync();
    }

    public Uri Url { get; }

    /// <summary>The request heads received so far (request line and headers).</summary>
    public ConcurrentQueue<string> Requests { get; } = new();

    public int Connections => Volatile.Read(ref _connections);

    /// <summary>A JSON response with status 200.</summary>
    public static string Json(string body, int status = 200, string reason = "OK") =>
        $"HTTP/1.1 {status} {reason}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: {Encoding.UTF8.GetByteCount(body)}\r\nConnection: close\r\n\r\n{body}";

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        foreach (var socket in _sockets)
        {
            socket.Dispose();
        }

        _stop.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await _listener.AcceptSocketAsync(_stop.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            Interlocked.Increment(ref _connections);
            _sockets.Add(socket);
            _ = ServeAsync(socket);
        }
    }

    private async Task ServeAsync(Socket socket)
    {
        try
        {
            var head = new StringBuilder();
            var buffer = new byte[8192];
            while (!head.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
            {
                var read = await socket.ReceiveAsync(buffer, _stop.Token);
                if (read == 0)
                {
                    return;
                }

                head.Append(Encoding.UTF8.GetString(buffer, 0, read));
            }

            var request = head.ToString();
            Requests.Enqueue(request[..request.IndexOf("\r\n\r\n", StringComparison.Ordinal)]);
            if (_respond(request) is { } response)
            {
                await socket.SendAsync(Encoding.UTF8.GetBytes(response), _stop.Token);
                socket.Shutdown(SocketShutdown.Both);
                socket.Dispose();
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }
    }
}
