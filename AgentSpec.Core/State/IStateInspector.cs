using AgentSpec.Core.State.Errors;

namespace AgentSpec.Core.State;

/// <summary>Inspecting state and its lock without taking the lock, and breaking a lock by hand (<c>state status</c>, <c>verify</c>, <c>unlock</c>).</summary>
public interface IStateInspector
{
    /// <summary>Describes the state, its backup and the current lock holder without taking the lock.</summary>
    Task<StateStatus> GetStatusAsync(CancellationToken cancellationToken);

    /// <summary>Checks the state and its backup (JSON, schema, checksum) without taking the lock or changing anything.</summary>
    Task<StateVerification> VerifyAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Breaks the lock held under <paramref name="lockId"/> (for <c>agentspec state unlock --force</c>).
    /// The broken holder can no longer commit: its fencing check fails.
    /// </summary>
    /// <exception cref="StateLockIdMismatchException">The state is not locked under that id.</exception>
    Task<StateLockHolderInfo> ForceUnlockAsync(string lockId, CancellationToken cancellationToken);
}
