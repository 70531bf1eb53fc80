namespace AgentSpec.Core.State.FileBackend.FileSystem;

/// <summary>
/// What <see cref="IStateFileSystem.GetInfo"/> reports. <see cref="Id"/> ("device:inode") identifies the
/// file itself, not its name: a rename over the path changes it.
/// </summary>
public sealed record StateFileInfo(string Id, long Size, DateTimeOffset LastWrite, bool IsRegularFile, int Mode)
{
    /// <summary>The path itself is a symbolic link (it was not followed).</summary>
    public bool IsSymbolicLink { get; init; }

    public bool IsDirectory { get; init; }
}
