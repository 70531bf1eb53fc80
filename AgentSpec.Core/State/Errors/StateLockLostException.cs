using System.Globalization;

namespace AgentSpec.Core.State.Errors;

/// <summary>
/// Fencing refused a commit: the lock was broken (stale or forced) or the state changed on disk since it
/// was loaded. Nothing was written. <see cref="FoundSerial"/> is null when the state on disk could not be
/// read or is missing.
/// </summary>
public sealed class StateLockLostException : StateException
{
    public StateLockLostException(string location, long expectedSerial, long? foundSerial, StateLockLoss loss)
        : base(location, $"Lost the state lock on {location}: {Describe(loss)}. Nothing was written; {DescribeDisk(expectedSerial, foundSerial)}.")
    {
        ExpectedSerial = expectedSerial;
        FoundSerial = foundSerial;
        Loss = loss;
        Reason = Describe(loss);
    }

    /// <summary>The serial this command loaded (and would have replaced).</summary>
    public long ExpectedSerial { get; }

    public long? FoundSerial { get; }

    public StateLockLoss Loss { get; }

    /// <summary>The cause as a phrase ("an operator broke it with `agentspec state unlock --force`").</summary>
    public string Reason { get; }

    internal static string Describe(StateLockLoss loss) => loss switch
    {
        StateLockLoss.BrokenAsStale => "another command broke it as stale (this one had not renewed its lease for longer than that command's --stale-lock-timeout)",
        StateLockLoss.ForceUnlocked => "an operator broke it with `agentspec state unlock --force`",
        StateLockLoss.StateChanged => "the state file changed on disk since this command loaded it, so something wrote it without the lock",
        _ => "it was broken by another process (force-unlocked or judged stale)",
    };

    private static string DescribeDisk(long expectedSerial, long? foundSerial) => foundSerial switch
    {
        null => "there is no readable state file on disk",
        { } found when found == expectedSerial => string.Create(CultureInfo.InvariantCulture, $"the state on disk still has serial {found}, as this command loaded it"),
        { } found when found > expectedSerial => string.Create(CultureInfo.InvariantCulture, $"the state on disk now has serial {found} (this command loaded serial {expectedSerial})"),
        { } found => string.Create(CultureInfo.InvariantCulture, $"the state on disk has serial {found} (this command loaded serial {expectedSerial})"),
    };
}
