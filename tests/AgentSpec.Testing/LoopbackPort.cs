using System.Net;
using System.Net.Sockets;

namespace AgentSpec.Testing;

/// <summary>Loopback TCP ports for servers that tests start.</summary>
public static class LoopbackPort
{
    /// <summary>A port nothing listens on right now (the kernel's pick, released again at once).</summary>
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
