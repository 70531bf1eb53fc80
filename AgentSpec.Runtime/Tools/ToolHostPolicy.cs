using System.Net;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace AgentSpec.Runtime.Tools;

/// <summary>Which hosts http tools and MCP servers over HTTP may reach: <see cref="ToolOptions.AllowedHosts"/>, and loopback in Development.</summary>
internal sealed class ToolHostPolicy(IOptions<ToolOptions> options, IHostEnvironment environment)
{
    private readonly ToolOptions _options = options.Value;
    private readonly bool _allowLoopback = options.Value.AllowLoopback ?? environment.IsDevelopment();

    /// <summary>Throws a <see cref="ToolFailedException"/> naming the setting when <paramref name="uri"/>'s host is not allowed.</summary>
    public void Check(Uri uri)
    {
        if (!IsAllowed(uri))
        {
            throw new ToolFailedException(
                $"host '{uri.Host}' is not on the runtime's allow-list (configure {ToolOptions.SectionName}:AllowedHosts)");
        }
    }

    private bool IsAllowed(Uri uri)
    {
        var host = uri.IdnHost;
        if (_allowLoopback && (uri.IsLoopback || (IPAddress.TryParse(host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address))))
        {
            return true;
        }

        foreach (var allowed in _options.AllowedHosts)
        {
            if (allowed.StartsWith("*.", StringComparison.Ordinal)
                ? host.EndsWith(allowed[1..], StringComparison.OrdinalIgnoreCase)
                : host.Equals(allowed, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }
}
