namespace AgentSpec.Core.State;

/// <summary>How to take the state lock (<c>--lock-timeout</c>, <c>--stale-lock-timeout</c>).</summary>
public sealed record StateLockOptions
{
    public static readonly TimeSpan DefaultLockTimeout = TimeSpan.FromSeconds(30);
    public static readonly TimeSpan DefaultStaleLockTimeout = TimeSpan.FromMinutes(5);
    public static readonly TimeSpan DefaultWaitNoticeDelay = TimeSpan.FromMilliseconds(500);

    /// <summary>What the holder does, shown to waiters ("apply", "destroy", "state recover").</summary>
    public string Operation { get; init; } = "apply";

    /// <summary>How long to wait for a busy lock. <see cref="TimeSpan.Zero"/> fails at once.</summary>
    public TimeSpan LockTimeout { get; init; } = DefaultLockTimeout;

    /// <summary>
    /// A holder that has not renewed its lease for this long is considered hung and its lock is broken.
    /// Holders renew every third of it.
    /// </summary>
    public TimeSpan StaleLockTimeout { get; init; } = DefaultStaleLockTimeout;

    /// <summary>
    /// Receives progress while waiting: first after <see cref="WaitNoticeDelay"/>, then about every second.
    /// <see cref="StateLockWaiting.Describe"/> gives the sentence the CLI prints.
    /// </summary>
    public IProgress<StateLockWaiting>? WaitProgress { get; init; }

    public TimeSpan WaitNoticeDelay { get; init; } = DefaultWaitNoticeDelay;

    public void Validate()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(Operation);
        ArgumentOutOfRangeException.ThrowIfLessThan(LockTimeout, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(StaleLockTimeout, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(WaitNoticeDelay, TimeSpan.Zero);
    }
}
