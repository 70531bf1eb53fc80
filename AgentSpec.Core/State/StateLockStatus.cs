namespace AgentSpec.Core.State;

/// <summary>
/// The lock as seen without taking it. <see cref="Held"/>: some process holds the kernel lock on the
/// current lock file. <see cref="Holder"/> is null when that process has not identified itself (a command
/// between its <c>flock</c> and writing its information, or another tool such as <c>flock(1)</c>); with
/// <see cref="Held"/> false it is information left over from a process that no longer holds the lock (the
/// next acquirer recovers it with a warning). <see cref="SinceRenewal"/> is null without a holder.
/// </summary>
public sealed record StateLockStatus(string LockPath, StateLockHolderInfo? Holder, bool Held, TimeSpan? SinceRenewal)
{
    /// <summary>"PID 42 on host-a (apply, started 12s ago, lock id …)", or "an unidentified holder".</summary>
    public string DescribeHolder(DateTimeOffset now) => Holder?.Describe(now) ?? StateLockHolderInfo.Unidentified;
}
