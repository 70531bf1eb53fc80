using System.CommandLine;
using AgentSpec.Cli.Runtime;
using Microsoft.Extensions.DependencyInjection;

namespace AgentSpec.Cli.Commands;

/// <summary>Opens runtime clients through the host's HTTP client factory (service discovery, resilience, no redirects).</summary>
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
        var services = context.Services ?? throw new InvalidOperationException("Runtime clients come from the CLI host, which CliServices builds on first use.");
        return RuntimeClient.Create(services.GetRequiredService<IHttpClientFactory>(), endpoint.Url, endpoint.ApiKey, timeout);
    }
}
