using System.CommandLine;
using AgentSpec.Core.State;

namespace AgentSpec.Cli.Commands;

/// <summary><c>--lock-timeout</c> and <c>--stale-lock-timeout</c>, shared by every command that takes the state lock.</summary>
public sealed class LockOptionsBinder
{
    public Option<TimeSpan?> LockTimeout { get; } = new("--lock-timeout")
    {
        Description = "How long to wait for the state lock, e.g. 0, 10s, 2m (default 30s). 0 fails at once.",
        CustomParser = ParseDuration,
        HelpName = "duration",
    };

    public Option<TimeSpan?> StaleLockTimeout { get; } = new("--stale-lock-timeout")
    {
        Description = "Break a lock whose holder has not renewed it for this long, i.e. a hung process (default 5m).",
        CustomParser = ParseDuration,
        HelpName = "duration",
    };

    public void AddTo(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        command.Options.Add(LockTimeout);
        command.Options.Add(StaleLockTimeout);
    }

    public StateLockOptions Bind(ParseResult parseResult, string operation, IProgress<StateLockWaiting>? waitProgress)
    {
        ArgumentNullException.ThrowIfNull(parseResult);
        return new StateLockOptions
        {
            Operation = operation,
            LockTimeout = parseResult.GetValue(LockTimeout) ?? StateLockOptions.DefaultLockTimeout,
            StaleLockTimeout = parseResult.GetValue(StaleLockTimeout) ?? StateLockOptions.DefaultStaleLockTimeout,
            WaitProgress = waitProgress,
        };
    }

    private static TimeSpan? ParseDuration(System.CommandLine.Parsing.ArgumentResult result)
    {
        var text = result.Tokens.Count == 0 ? null : result.Tokens[0].Value;
        if (DurationParser.TryParse(text, out var duration))
        {
            return duration;
        }

        result.AddError($"'{text}' is not a duration; use forms like 0, 500ms, 30s, 5m or 1h.");
        return TimeSpan.Zero;
    }
}
