using System.Text.Json;
using AgentSpec.Cli.Commands;

namespace AgentSpec.Cli.Output;

/// <summary>Prints a failure as one sentence plus a hint on stderr, and as JSON on stdout under <c>--output json</c>.</summary>
public static class ErrorReporter
{
    public static int Report(CliContext context, CommandSettings settings, CliException error)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(error);

        // Messages quote what the runtime, a lock file or a redirect said: never let them drive the terminal.
        context.Error.WriteLine($"{settings.Ansi.Red("Error:")} {TerminalText.Sanitize(error.Message)}");
        if (!string.IsNullOrEmpty(error.Hint))
        {
            context.Error.WriteLine($"  hint: {TerminalText.Sanitize(error.Hint)}");
        }

        var exitCode = context.Interruption?.ExitCodeFor(error.ExitCode) ?? error.ExitCode;
        if (settings.Json)
        {
            context.Out.WriteLine(JsonSerializer.Serialize(
                new ErrorJson(error.Code, error.Message, error.Hint, exitCode),
                CliJsonContext.Relaxed.ErrorJson));
        }

        return exitCode;
    }
}
