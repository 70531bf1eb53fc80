using System.Net;
using Microsoft.Extensions.ServiceDiscovery;

namespace AgentSpec.Runtime.Tools;

/// <summary>
/// Service discovery for <c>http</c> tools, as for the runtime's other HTTP clients: a url such as
/// <c>http://demo-orders/orders/1042</c> goes to the address configured as <c>services:demo-orders:http</c>
/// (what the AppHost's <c>WithReference</c> sets, docs/tools.md). The allow-list applies to the name the tool
/// declares; the address a name resolves to is the runtime's own configuration. Names without an entry and IP
/// literals go out unchanged.
/// </summary>
internal sealed class ToolServiceEndpoints(ServiceEndpointResolver? resolver)
{
    public async Task<Uri> ResolveAsync(Uri declared, CancellationToken cancellationToken)
    {
        if (resolver is null || declared.HostNameType is UriHostNameType.IPv4 or UriHostNameType.IPv6 || declared.IsLoopback)
        {
            return declared;
        }

        ServiceEndpointSource source;
        try
        {
            source = await resolver.GetEndpointsAsync($"{declared.Scheme}://{declared.IdnHost}", cancellationToken);
        }
        catch (InvalidOperationException exception)
        {
            throw new ToolFailedException($"the address of '{declared.IdnHost}' could not be resolved: {exception.Message}", exception);
        }

        if (source.Endpoints.Count == 0)
        {
            return declared;
        }

        var target = new UriBuilder(declared);
        switch (source.Endpoints[0].EndPoint)
        {
            case UriEndPoint { Uri: var uri }:
                target.Scheme = uri.Scheme;
                target.Host = uri.Host;
                target.Port = uri.Port;
                break;
            case IPEndPoint ip:
                target.Host = ip.Address.ToString();
                target.Port = ip.Port;
                break;
            case DnsEndPoint dns when !dns.Host.Equals(declared.IdnHost, StringComparison.OrdinalIgnoreCase) || dns.Port > 0:
                target.Host = dns.Host;
                target.Port = dns.Port > 0 ? dns.Port : declared.Port;
                break;
            default:
                return declared;
        }

        return target.Uri;
    }
}
