using System.CommandLine;
using AgentSpec.Cli.Runtime;

namespace AgentSpec.Cli.Commands;

/// <summary>Opens a runtime client for the commands that talk to the runtime directly.</summary>
public static class RuntimeClients
{
    public static RuntimeClient Open(CliContext context, ParseResult parseResult, RuntimeOptionsBinder options, CommandSettings settings)
    {
        ArgumentNullException.ThrowIfNull(options);
        var endpoint = RuntimeEndpoint.Resolve(context, options.Bind(parseResult), target: null);
        return RuntimeClient.Create(endpoint.Url, endpoint.ApiKey, RuntimeTimeout.Resolve(context, settings));
    }
}
