using System.Net;

namespace AgentSpec.Benchmarks.Infrastructure;

internal static class LoadClients
{
    /// <summary>An HttpClient that keeps one pooled HTTP/1.1 connection per concurrent client.</summary>
    public static HttpClient Create(Uri baseAddress, int connections) => new(new SocketsHttpHandler
    {
        MaxConnectionsPerServer = connections,
        PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
        UseProxy = false,
        AutomaticDecompression = DecompressionMethods.None,
    })
    {
        BaseAddress = baseAddress,
        Timeout = TimeSpan.FromSeconds(60),
    };
}
