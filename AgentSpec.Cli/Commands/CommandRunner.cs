using System.CommandLine;
using AgentSpec.Cli.Output;
using AgentSpec.Cli.Telemetry;

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
            // The root of the command's trace: the state, lock and apply spans started below become its children.
            using var span = CommandSpan.Start(parseResult);
            try
            {
                settings.EnsureWorkingDirectoryExists();
                var exitCode = await body(parseResult, settings, cancellationToken);
                CommandSpan.Finish(span, context.Interruption?.ExitCodeFor(exitCode) ?? exitCode, errorType: null);
                return exitCode;
            }
            catch (Exception ex) when (ErrorTranslator.Translate(ex, cancellationToken) is { } error)
            {
                var exitCode = ErrorReporter.Report(context, settings, error);
                CommandSpan.Finish(span, exitCode, error.Code);
                return exitCode;
            }
            catch (Exception ex)
            {
                CommandSpan.Fail(span, ex);
                throw;
            }
        });
    }
}
