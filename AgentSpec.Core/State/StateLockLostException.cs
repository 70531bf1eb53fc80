namespace AgentSpec.Core.State;

/// <summary>
/// Fencing refused a commit: the lock was broken (stale or forced) or the state changed on disk since it
/// was loaded. Nothing was written. <see cref="FoundSerial"/> is null when the state on disk could not be read.
/// </summary>
public sealed class StateLockLostException : StateException
{
    public StateLockLostException(string location, long expectedSerial, long? foundSerial, string reason)
        : base(location, $"Lost the state lock on {location}: {reason}. Nothing was written; the newer state (serial {foundSerial?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "unknown"}) is intact. Run the command again.")
    {
        ExpectedSerial = expectedSerial;
        FoundSerial = foundSerial;
        Reason = reason;
    }

    public long ExpectedSerial { get; }

    public long? FoundSerial { get; }

    public string Reason { get; }
}
