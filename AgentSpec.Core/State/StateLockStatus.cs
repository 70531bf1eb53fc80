namespace AgentSpec.Core.State;

/// <summary>
/// The current lock holder as seen without taking the lock. <see cref="Held"/> is false when the holder
/// information is left over from a process that no longer holds the kernel lock (the next acquirer
/// recovers it with a warning).
/// </summary>
public sealed record StateLockStatus(string LockPath, StateLockHolderInfo Holder, bool Held, TimeSpan SinceRenewal);
