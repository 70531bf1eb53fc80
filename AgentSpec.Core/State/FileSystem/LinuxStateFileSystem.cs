using System.Diagnostics.CodeAnalysis;

namespace AgentSpec.Core.State.FileSystem;

/// <summary>The real <see cref="IStateFileSystem"/>: plain Linux system calls, errors as errno.</summary>
public sealed unsafe class LinuxStateFileSystem : IStateFileSystem
{
    public static LinuxStateFileSystem Instance { get; } = new();

    public IStateFileHandle CreateExclusive(string path)
    {
        var fd = LibC.Open(path, LibC.O_WRONLY | LibC.O_CREAT | LibC.O_EXCL | LibC.O_NOFOLLOW | LibC.O_CLOEXEC, LibC.Mode0600);
        if (fd < 0)
        {
            throw new FileOperationException("create", path, LibC.LastError);
        }

        return new Handle(path, fd);
    }

    public void Write(IStateFileHandle file, ReadOnlySpan<byte> bytes)
    {
        var handle = Open(file);
        fixed (byte* start = bytes)
        {
            var written = 0;
            while (written < bytes.Length)
            {
                var result = LibC.Write(handle.Fd, start + written, bytes.Length - written);
                if (result < 0)
                {
                    var errno = LibC.LastError;
                    if (errno == Errors.EINTR)
                    {
                        continue;
                    }

                    throw new FileOperationException("write", file.Path, errno);
                }

                if (result == 0)
                {
                    throw new FileOperationException("write", file.Path, Errors.EIO, "short write (0 bytes)");
                }

                written += (int)result;
            }
        }
    }

    public void Sync(IStateFileHandle file)
    {
        // Never retried: after a failed fsync the kernel may have dropped the dirty pages.
        if (LibC.Fsync(Open(file).Fd) != 0)
        {
            throw new FileOperationException("fsync", file.Path, LibC.LastError);
        }
    }

    public void Close(IStateFileHandle file)
    {
        var handle = Open(file);
        var fd = handle.Fd;
        handle.Fd = -1;
        if (LibC.Close(fd) != 0)
        {
            throw new FileOperationException("close", file.Path, LibC.LastError);
        }
    }

    public void Link(string existingPath, string newPath)
    {
        if (LibC.Link(existingPath, newPath) != 0)
        {
            throw new FileOperationException("link", newPath, LibC.LastError);
        }
    }

    public void Rename(string sourcePath, string destinationPath)
    {
        if (LibC.Rename(sourcePath, destinationPath) != 0)
        {
            throw new FileOperationException("rename", $"{sourcePath} -> {destinationPath}", LibC.LastError);
        }
    }

    public void Unlink(string path)
    {
        if (LibC.Unlink(path) != 0)
        {
            throw new FileOperationException("unlink", path, LibC.LastError);
        }
    }

    public void SyncDirectory(string directoryPath)
    {
        var fd = LibC.Open(directoryPath, LibC.O_RDONLY | LibC.O_DIRECTORY | LibC.O_CLOEXEC, 0);
        if (fd < 0)
        {
            throw new FileOperationException("open directory", directoryPath, LibC.LastError);
        }

        try
        {
            if (LibC.Fsync(fd) != 0)
            {
                throw new FileOperationException("fsync directory", directoryPath, LibC.LastError);
            }
        }
        finally
        {
            _ = LibC.Close(fd);
        }
    }

    public byte[]? ReadAll(string path)
    {
        var fd = LibC.Open(path, LibC.O_RDONLY | LibC.O_CLOEXEC, 0);
        if (fd < 0)
        {
            var errno = LibC.LastError;
            if (errno is Errors.ENOENT or Errors.ENOTDIR)
            {
                return null;
            }

            throw new FileOperationException("open", path, errno);
        }

        try
        {
            var info = NativeStat.OfDescriptor(fd, path);
            if (!info.IsRegularFile)
            {
                throw new FileOperationException("read", path, Errors.EISDIR, "not a regular file");
            }

            // Read straight into an array of the file's size; a file that grows meanwhile still reads whole.
            var buffer = GC.AllocateUninitializedArray<byte>((int)Math.Clamp(info.Size, 0, Array.MaxLength));
            var length = 0;
            Span<byte> probe = stackalloc byte[1];
            while (true)
            {
                if (length == buffer.Length)
                {
                    var more = ReadSome(fd, path, probe);
                    if (more == 0)
                    {
                        return buffer;
                    }

                    var grown = GC.AllocateUninitializedArray<byte>(Math.Max(4096, buffer.Length * 2));
                    buffer.CopyTo(grown, 0);
                    grown[length++] = probe[0];
                    buffer = grown;
                }

                var read = ReadSome(fd, path, buffer.AsSpan(length));
                if (read == 0)
                {
                    return buffer.AsSpan(0, length).ToArray();
                }

                length += read;
            }
        }
        finally
        {
            _ = LibC.Close(fd);
        }
    }

    public StateFileInfo? GetInfo(string path) => NativeStat.OfPath(path);

    private static int ReadSome(int fd, string path, Span<byte> destination)
    {
        fixed (byte* start = destination)
        {
            while (true)
            {
                var result = LibC.Read(fd, start, destination.Length);
                if (result >= 0)
                {
                    return (int)result;
                }

                var errno = LibC.LastError;
                if (errno != Errors.EINTR)
                {
                    throw new FileOperationException("read", path, errno);
                }
            }
        }
    }

    public IReadOnlyList<string> ListFiles(string directoryPath, string namePrefix)
    {
        try
        {
            return Directory.EnumerateFiles(directoryPath)
                .Where(file => Path.GetFileName(file).StartsWith(namePrefix, StringComparison.Ordinal))
                .Order(StringComparer.Ordinal)
                .ToList();
        }
        catch (DirectoryNotFoundException)
        {
            return [];
        }
    }

    private static Handle Open(IStateFileHandle file)
    {
        if (file is not Handle { Fd: >= 0 } handle)
        {
            throw new ObjectDisposedException(file.Path, "The file is closed or does not belong to this file system.");
        }

        return handle;
    }

    [SuppressMessage("Design", "CA1001", Justification = "Closed explicitly through Close so close errors are reported.")]
    private sealed class Handle(string path, int fd) : IStateFileHandle
    {
        public string Path { get; } = path;

        public int Fd { get; set; } = fd;
    }
}
