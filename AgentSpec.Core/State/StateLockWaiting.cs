namespace AgentSpec.Core.State;

/// <summary>Progress while waiting for the state lock. <see cref="Holder"/> is null while the holder has not written its information yet.</summary>
public sealed record StateLockWaiting(string Location, StateLockHolderInfo? Holder, TimeSpan Elapsed, DateTimeOffset Now)
{
    /// <summary>"Waiting for the state lock held by PID 42 on host-a (apply, started 12s ago, lock id …) — 3s so far".</summary>
    public string Describe() =>
        Holder is null
            ? $"Waiting for the state lock on {Location} (holder not identified yet) — {StateDurations.Format(Elapsed)} so far"
            : $"Waiting for the state lock held by {Holder.Describe(Now)} — {StateDurations.Format(Elapsed)} so far";
}
