using AgentSpec.Core.State.Errors;

namespace AgentSpec.Core.State;

/// <summary>
/// Locking: the one way to change state. What <c>apply</c> needs of a backend (docs/state.md, "State backends").
/// </summary>
public interface IStateLocker
{
    /// <summary>
    /// Takes the state lock, waiting up to <see cref="StateLockOptions.LockTimeout"/>. Dispose the returned
    /// lock in all cases (it releases the lock); it is the only object that can load for writing and commit.
    /// </summary>
    /// <exception cref="StateLockTimeoutException">Another holder kept the lock for the whole timeout.</exception>
    /// <exception cref="StateIOException">The lock could not be taken (for example its file is a symbolic link).</exception>
    Task<IStateLock> LockAsync(StateLockOptions options, CancellationToken cancellationToken);
}
