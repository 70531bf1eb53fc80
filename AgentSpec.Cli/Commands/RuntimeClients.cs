using System.CommandLine;
using AgentSpec.Cli.Runtime;
using Microsoft.Extensions.DependencyInjection;

namespace AgentSpec.Cli.Commands;

/// <summary>Opens runtime clients: through the host's HTTP client factory when a host runs, else a plain client.</summary>
public static class RuntimeClients
{
    /// <summary>For the commands that talk to the runtime directly (no deploy block).</summary>
    public static RuntimeClient Open(CliContext context, ParseResult parseResult, RuntimeOptionsBinder options, CommandSettings settings)
    {
        ArgumentNullException.ThrowIfNull(options);
        var endpoint = RuntimeEndpoint.Resolve(context, options.Bind(parseResult), target: null);
        return Open(context, endpoint, RuntimeTimeout.Resolve(context, settings));
    }

    public static RuntimeClient Open(CliContext context, RuntimeEndpoint endpoint, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(endpoint);
        return context.Services?.GetService<IHttpClientFactory>() is { } factory
            ? RuntimeClient.Create(factory, endpoint.Url, endpoint.ApiKey, timeout)
            : RuntimeClient.Create(endpoint.Url, endpoint.ApiKey, timeout);
    }
}
