using System.CommandLine;
using System.CommandLine.Parsing;
using System.Diagnostics;
using System.Globalization;
using AgentSpec.Core.CliContract;
using AgentSpec.Core.Telemetry;

namespace AgentSpec.Cli.Telemetry;

/// <summary>
/// The root span of one command run, named after the command (<c>agentspec plan</c>, <c>agentspec state status</c>),
/// so a trace in the dashboard says what ran; the state, lock and apply spans are its children
/// (docs/telemetry.md, "Command spans"). Started straight on the ActivitySource: nothing is allocated when
/// nobody listens, and start-up needs no reflection.
/// </summary>
public static class CommandSpan
{
    public const string ExecutableName = "agentspec";

    public const string CommandTag = "agentspec.command";
    public const string ExecutableNameTag = "process.executable.name";
    public const string ExitCodeTag = "process.exit.code";
    public const string PidTag = "process.pid";
    public const string ErrorTypeTag = "error.type";

    /// <summary>Starts the span, or returns null when no listener wants it. Arguments are never recorded: they may hold an API key.</summary>
    public static Activity? Start(ParseResult parseResult)
    {
        ArgumentNullException.ThrowIfNull(parseResult);
        if (!AgentSpecTelemetry.Cli.HasListeners())
        {
            return null;
        }

        var command = CommandPath(parseResult.CommandResult);
        var activity = AgentSpecTelemetry.Cli.StartActivity($"{ExecutableName} {command}", ActivityKind.Internal);
        activity?.SetTag(CommandTag, command);
        activity?.SetTag(ExecutableNameTag, ExecutableName);
        activity?.SetTag(PidTag, Environment.ProcessId);
        return activity;
    }

    /// <summary>
    /// Records how the command ended. <paramref name="errorType"/> is the error code of <c>--output json</c>
    /// (<c>state_locked</c>, …) when the command failed with one; otherwise a failing exit code stands for itself.
    /// </summary>
    public static void Finish(Activity? activity, int exitCode, string? errorType)
    {
        if (activity is null)
        {
            return;
        }

        activity.SetTag(ExitCodeTag, exitCode);
        // plan's 2 ("there are changes") is an answer, not a failure.
        var failed = errorType is not null || (exitCode != ExitCodes.Success && exitCode != ExitCodes.PlanHasChanges);
        if (failed)
        {
            var type = errorType ?? exitCode.ToString(CultureInfo.InvariantCulture);
            activity.SetTag(ErrorTypeTag, type);
            activity.SetStatus(ActivityStatusCode.Error, type);
        }
    }

    /// <summary>A failure the CLI has no sentence for: recorded with its exception before it propagates.</summary>
    public static void Fail(Activity? activity, Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        if (activity is null)
        {
            return;
        }

        activity.AddException(exception);
        activity.SetTag(ErrorTypeTag, exception.GetType().FullName);
        activity.SetStatus(ActivityStatusCode.Error, exception.GetType().FullName);
    }

    /// <summary>The command's words below the root: <c>plan</c>, <c>state status</c>.</summary>
    public static string CommandPath(CommandResult commandResult)
    {
        ArgumentNullException.ThrowIfNull(commandResult);
        var names = new List<string>();
        for (var current = commandResult; current is not null && current.Command is not RootCommand; current = current.Parent as CommandResult)
        {
            names.Add(current.Command.Name);
        }

        names.Reverse();
        return string.Join(' ', names);
    }
}
