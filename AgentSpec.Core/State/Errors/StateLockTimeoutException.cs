namespace AgentSpec.Core.State.Errors;

/// <summary>
/// The lock stayed busy for the whole lock timeout (CLI exit code 3). <see cref="Holder"/> is null when
/// the holder never identified itself.
/// </summary>
public sealed class StateLockTimeoutException : StateException
{
    public StateLockTimeoutException(string location, StateLockHolderInfo? holder, TimeSpan waited, DateTimeOffset now)
        : base(location, BuildMessage(location, holder, waited, now))
    {
        Holder = holder;
        Waited = waited;
        HolderAge = holder is null ? null : now - holder.Created;
    }

    public StateLockHolderInfo? Holder { get; }

    public TimeSpan Waited { get; }

    /// <summary>How long the holder has held the lock.</summary>
    public TimeSpan? HolderAge { get; }

    public int? HolderPid => Holder?.Pid;

    public string? HolderHost => Holder?.Hostname;

    public string? HolderOperation => Holder?.Operation;

    public string? LockId => Holder?.LockId;

    private static string BuildMessage(string location, StateLockHolderInfo? holder, TimeSpan waited, DateTimeOffset now) =>
        holder is null
            ? $"The state {location} is locked by a process that did not identify itself; gave up after {StateDurations.Format(waited)}. Retry later or raise --lock-timeout."
            : $"The state {location} is locked by {holder.Describe(now)}; gave up after {StateDurations.Format(waited)}. "
              + $"Retry later or raise --lock-timeout; if that process is gone, run `agentspec state unlock --force {holder.LockId}`.";
}
