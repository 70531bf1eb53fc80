using System.CommandLine;
using AgentSpec.Core.State;

namespace AgentSpec.Cli.Commands;

/// <summary><c>--lock-timeout</c> and <c>--stale-lock-timeout</c>, shared by every command that takes the state lock.</summary>
public sealed class LockOptionsBinder
{
    /// <summary>Longer waits are a typo, and timers cannot represent much more than weeks anyway.</summary>
    public static readonly TimeSpan MaximumDuration = TimeSpan.FromHours(24);

    public Option<TimeSpan?> LockTimeout { get; } = new("--lock-timeout")
    {
        Description = "How long to wait for the state lock, e.g. 0, 10s, 2m (default 30s). 0 fails at once.",
        CustomParser = result => DurationParser.ParseOption(result, TimeSpan.Zero, MaximumDuration),
        HelpName = "duration",
    };

    public Option<TimeSpan?> StaleLockTimeout { get; } = new("--stale-lock-timeout")
    {
        Description = "Break a lock whose holder has not renewed it for this long, i.e. a hung process (default 5m, at least 1s).",
        // Holders renew every third of it, so it cannot be 0: every lock would look hung at once.
        CustomParser = result => DurationParser.ParseOption(result, TimeSpan.FromSeconds(1), MaximumDuration),
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
}
