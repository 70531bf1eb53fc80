using System.CommandLine;

namespace AgentSpec.Cli.Commands;

/// <summary><c>--runtime-url</c> and <c>--api-key</c>, for commands that talk to the runtime.</summary>
public sealed class RuntimeOptionsBinder
{
    public Option<string?> RuntimeUrl { get; } = new("--runtime-url")
    {
        Description = "The AgentSpec runtime (default: AGENTSPEC_RUNTIME_URL, then Aspire service discovery, then the deploy block's url).",
        HelpName = "url",
    };

    public Option<string?> ApiKey { get; } = new("--api-key")
    {
        Description = "The runtime API key (default: AGENTSPEC_API_KEY).",
        HelpName = "key",
    };

    public void AddTo(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        command.Options.Add(RuntimeUrl);
        command.Options.Add(ApiKey);
    }

    public RuntimeConnectionOptions Bind(ParseResult parseResult)
    {
        ArgumentNullException.ThrowIfNull(parseResult);
        return new RuntimeConnectionOptions(parseResult.GetValue(RuntimeUrl), parseResult.GetValue(ApiKey));
    }
}
