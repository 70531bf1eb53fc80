namespace AgentSpec.Core.State.FileSystem;

/// <summary>
/// The narrow file-system seam under the commit and load protocols (docs/state.md, "Commit protocol"), so tests can
/// inject faults and simulate crashes and power loss after every single operation. Every method throws
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

    /// <summary>Names (full paths) of the files in <paramref name="directoryPath"/> whose name starts with <paramref name="namePrefix"/>.</summary>
    IReadOnlyList<string> ListFiles(string directoryPath, string namePrefix);
}
