namespace AgentSpec.Core.State.FileBackend.FileSystem;

/// <summary>A file operation of the <see cref="IStateFileSystem"/> seam failed with <see cref="Errno"/>.</summary>
public sealed class FileOperationException : IOException
{
    public FileOperationException(string operation, string path, int errno, string? detail = null)
        : base($"{operation} {path} failed: {detail ?? LinuxErrno.Describe(errno)}")
    {
        Operation = operation;
        Path = path;
        Errno = errno;
    }

    public string Operation { get; }

    public string Path { get; }

    public int Errno { get; }
}
