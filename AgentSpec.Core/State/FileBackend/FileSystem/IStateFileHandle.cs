namespace AgentSpec.Core.State.FileBackend.FileSystem;

/// <summary>An open file of the <see cref="IStateFileSystem"/> seam.</summary>
public interface IStateFileHandle
{
    string Path { get; }
}
