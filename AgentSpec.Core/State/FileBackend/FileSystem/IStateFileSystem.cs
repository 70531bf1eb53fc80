namespace AgentSpec.Core.State.FileBackend.FileSystem;

/// <summary>
/// The narrow file-system seam under the commit, load and lock protocols (docs/state.md, "Commit protocol" and
/// "Lock protocol"), so tests can inject faults and simulate crashes and power loss after every single operation,
/// lock and holder-information operations included. Every method throws
/// <see cref="FileOperationException"/> on failure. <see cref="LinuxStateFileSystem"/> is the real one.
/// </summary>
public interface IStateFileSystem
{
    /// <summary>Creates a new file for writing: <c>O_CREAT|O_EXCL|O_NOFOLLOW|O_CLOEXEC</c>, mode 0600. Never follows or reuses an existing path.</summary>
    IStateFileHandle CreateExclusive(string path);

    /// <summary>Writes every byte or throws (a short write is an error).</summary>
    void Write(IStateFileHandle file, ReadOnlySpan<byte> bytes);

    /// <summary><c>fsync</c>. A failure must never be retried on the same data.</summary>
    void Sync(IStateFileHandle file);

    void Close(IStateFileHandle file);

    /// <summary>Hard link; fails if <paramref name="newPath"/> exists.</summary>
    void Link(string existingPath, string newPath);

    /// <summary>Atomic replace of <paramref name="destinationPath"/>.</summary>
    void Rename(string sourcePath, string destinationPath);

    void Unlink(string path);

    /// <summary><c>open(O_RDONLY|O_DIRECTORY)</c> + <c>fsync</c>: makes the directory entries durable.</summary>
    void SyncDirectory(string directoryPath);

    /// <summary>The whole file, or null when it does not exist.</summary>
    byte[]? ReadAll(string path);

    /// <summary>Identity and metadata without following a symbolic link, or null when nothing is there.</summary>
    StateFileInfo? GetInfo(string path);

    /// <summary>
    /// Opens a lock file for <c>flock</c> (<c>O_RDWR|O_NOFOLLOW|O_CLOEXEC</c>), creating it with mode 0600 when
    /// <paramref name="create"/> is set; null when it does not exist and is not to be created. Refuses a
    /// symbolic link (<c>ELOOP</c>) and anything but a regular file.
    /// </summary>
    IStateLockFile? OpenLockFile(string path, bool create);

    /// <summary>Opens a directory for <c>flock</c> (the guard that serialises lock breakers).</summary>
    IStateLockFile OpenDirectoryLock(string directoryPath);

    /// <summary>Names (full paths) of the files in <paramref name="directoryPath"/> whose name starts with <paramref name="namePrefix"/>.</summary>
    IReadOnlyList<string> ListFiles(string directoryPath, string namePrefix);
}
