namespace AgentSpec.Core.State.FileBackend.FileSystem;

/// <summary>
/// An open lock file (or directory) of the <see cref="IStateFileSystem"/> seam, for a kernel <c>flock</c>.
/// Disposing it closes the descriptor, which drops the lock. Every method throws
/// <see cref="FileOperationException"/> on failure.
/// </summary>
public interface IStateLockFile : IDisposable
{
    string Path { get; }

    /// <summary>The identity ("device:inode") of the file this handle has open, whatever its path names now.</summary>
    string Id { get; }

    /// <summary><c>flock(LOCK_EX|LOCK_NB)</c>: true when this handle now holds the lock, false when another holds it.</summary>
    bool TryLock();

    /// <summary>
    /// <c>flock(LOCK_EX)</c>: blocks until this handle holds the lock, so the kernel wakes the waiter the moment
    /// the holder lets go. Called on a dedicated thread; disposing the handle meanwhile abandons the wait (the
    /// descriptor is closed, dropping the lock if it was granted, once the call returns).
    /// </summary>
    void Lock();
}
