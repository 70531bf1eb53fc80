namespace AgentSpec.Core.State;

/// <summary>
/// A place where state lives, with its lock (docs/state.md, "State backends"). Reading needs no lock;
/// every change goes through <see cref="LockAsync"/>, which returns the only object that can load for
/// writing and commit. Every backend must pass the <c>StateBackendConformance</c> test suite.
/// </summary>
public interface IStateBackend : IStateReader
{
    /// <summary>
    /// Takes the state lock, waiting up to <see cref="StateLockOptions.LockTimeout"/>.
    /// Dispose the returned lock in all cases (it releases the lock).
    /// </summary>
    /// <exception cref="StateLockTimeoutException">Another holder kept the lock for the whole timeout.</exception>
    /// <exception cref="StateIOException">The lock file could not be opened (for example it is a symbolic link).</exception>
    Task<IStateLock> LockAsync(StateLockOptions options, CancellationToken cancellationToken);

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
