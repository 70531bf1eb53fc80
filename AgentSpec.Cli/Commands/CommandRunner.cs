using System.CommandLine;
using AgentSpec.Cli.Output;

namespace AgentSpec.Cli.Commands;

/// <summary>
/// Runs a command body and turns every failure into the CLI contract: a clear sentence, a hint and
/// the documented exit code, never a stack trace for a failure the user can act on.
/// </summary>
public static class CommandRunner
{
    public static void SetGuardedAction(
        this Command command,
        CliContext context,
        GlobalOptions options,
        Func<ParseResult, CommandSettings, CancellationToken, Task<int>> body)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(body);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var settings = CommandSettings.From(parseResult, options, context);
            try
            {
                settings.EnsureWorkingDirectoryExists();
                return await body(parseResult, settings, cancellationToken);
            }
            catch (Exception ex) when (ErrorTranslator.Translate(ex, cancellationToken) is { } error)
            {
                return ErrorReporter.Report(context, settings, error);
            }
        });
    }
}
