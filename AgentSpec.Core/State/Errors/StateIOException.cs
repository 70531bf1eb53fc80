using AgentSpec.Core.State.FileBackend.FileSystem;

namespace AgentSpec.Core.State.Errors;

/// <summary>
/// A file operation on the state, its backup or its lock failed. <see cref="Operation"/> names the step
/// ("write", "fsync", "rename", …), <see cref="Errno"/> the Linux error number when known. When thrown by
/// a commit the previous state is unchanged and the temp file removed.
/// </summary>
public sealed class StateIOException : StateException
{
    public StateIOException(string location, string operation, string path, int errno, string message, Exception? innerException = null)
        : base(location, message, innerException)
    {
        Operation = operation;
        Path = path;
        Errno = errno;
    }

    public string Operation { get; }

    /// <summary>The file the failing operation was applied to.</summary>
    public string Path { get; }

    /// <summary>The Linux errno (ENOSPC = 28, EIO = 5, …); 0 when not from a system call.</summary>
    public int Errno { get; }
}
