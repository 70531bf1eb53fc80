namespace AgentSpec.Core.State.Errors;

/// <summary><c>state unlock --force</c> named a lock id that does not hold the lock. Nothing was changed.</summary>
public sealed class StateLockIdMismatchException : StateException
{
    public StateLockIdMismatchException(string location, string requestedLockId, StateLockHolderInfo? currentHolder)
        : base(
            location,
            currentHolder is null
                ? $"The state {location} is not locked; nothing to unlock (lock id {requestedLockId} does not exist)."
                : $"The state {location} is locked under lock id {currentHolder.LockId} (PID {currentHolder.Pid} on {currentHolder.Hostname}, {currentHolder.Operation}), not {requestedLockId}; refusing to break it. Check the id with `agentspec state status`.")
    {
        RequestedLockId = requestedLockId;
        CurrentHolder = currentHolder;
    }

    public string RequestedLockId { get; }

    /// <summary>Null when nobody holds the lock.</summary>
    public StateLockHolderInfo? CurrentHolder { get; }
}
