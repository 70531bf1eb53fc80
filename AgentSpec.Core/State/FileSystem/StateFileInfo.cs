namespace AgentSpec.Core.State.FileSystem;

/// <summary>
/// What <see cref="IStateFileSystem.GetInfo"/> reports. <see cref="Id"/> ("device:inode") identifies the
/// file itself, not its name: a rename over the path changes it.
/// </summary>
public sealed record StateFileInfo(string Id, long Size, DateTimeOffset LastWrite, bool IsRegularFile, int Mode);
