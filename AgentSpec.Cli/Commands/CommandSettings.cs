using System.CommandLine;
using AgentSpec.Cli.Output;

namespace AgentSpec.Cli.Commands;

/// <summary>The global option values of one invocation, resolved against the working directory.</summary>
public sealed record CommandSettings(string StateFile, OutputFormat Output, Ansi Ansi)
{
    public bool Json => Output == OutputFormat.Json;

    public static CommandSettings From(ParseResult parseResult, GlobalOptions options, CliContext context)
    {
        ArgumentNullException.ThrowIfNull(parseResult);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(context);
        var stateFile = context.ResolvePath(parseResult.GetValue(options.StateFile) ?? GlobalOptions.DefaultStateFile);
        var output = parseResult.GetValue(options.Output);
        var ansi = new Ansi(output == OutputFormat.Text && Ansi.ShouldColor(context, parseResult.GetValue(options.NoColor)));
        return new CommandSettings(stateFile, output, ansi);
    }
}
