using Microsoft.Win32.SafeHandles;

namespace AgentSpec.Core.State.FileBackend.FileSystem;

/// <summary>
/// The real <see cref="IStateFileSystem"/>: managed .NET file APIs for creating, writing, syncing, renaming
/// and deleting files and for reading them, <see cref="LibC"/> where .NET has none (hard links, <c>flock</c>,
/// inode identity, directory <c>fsync</c>, non-blocking and no-follow opens). Errors are reported as errno.
/// </summary>
public sealed class LinuxStateFileSystem : IStateFileSystem
{
    public static LinuxStateFileSystem Instance { get; } = new();

    public IStateFileHandle CreateExclusive(string path)
    {
        // O_CREAT|O_EXCL never follows a link at the path (an existing link, even a dangling one, is EEXIST).
        var options = new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.Write,
            Share = FileShare.ReadWrite,
            BufferSize = 0,
        };
        if (OperatingSystem.IsLinux())
        {
            // Always true here (FileStateBackend refuses other platforms); the check tells the analyzer so.
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        return new Handle(path, Run("create", path, () => new FileStream(path, options)));
    }

    public void Write(IStateFileHandle file, ReadOnlySpan<byte> bytes)
    {
        // An unbuffered FileStream writes every byte (resuming short and interrupted writes) or throws.
        var stream = Open(file).Stream!;
        try
        {
            stream.Write(bytes);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw Failure("write", file.Path, ex);
        }
    }

    public void Sync(IStateFileHandle file)
    {
        // Never retried: after a failed fsync the kernel may have dropped the dirty pages.
        var stream = Open(file).Stream!;
        Run("fsync", file.Path, () => stream.Flush(flushToDisk: true));
    }

    public void Close(IStateFileHandle file)
    {
        var handle = Open(file);
        var stream = handle.Stream!;
        handle.Stream = null;
        Run("close", file.Path, stream.Dispose);
    }

    public void Link(string existingPath, string newPath)
    {
        if (LibC.Link(existingPath, newPath) != 0)
        {
            throw new FileOperationException("link", newPath, LibC.LastError);
        }
    }

    public void Rename(string sourcePath, string destinationPath) =>
        Run("rename", $"{sourcePath} -> {destinationPath}", () => File.Move(sourcePath, destinationPath, overwrite: true));

    public void Unlink(string path)
    {
        if (GetInfo(path) is null)
        {
            throw new FileOperationException("unlink", path, LinuxErrno.ENOENT);
        }

        Run("unlink", path, () => File.Delete(path));
    }

    public void SyncDirectory(string directoryPath)
    {
        using var directory = LibC.Open(directoryPath, LibC.O_RDONLY | LibC.O_DIRECTORY | LibC.O_CLOEXEC, 0);
        if (directory.IsInvalid)
        {
            throw new FileOperationException("open directory", directoryPath, LibC.LastError);
        }

        if (LibC.Fsync(directory) != 0)
        {
            throw new FileOperationException("fsync directory", directoryPath, LibC.LastError);
        }
    }

    public byte[]? ReadAll(string path)
    {
        // O_NONBLOCK: a FIFO put at a state path must not block the command in open(2); it is refused below.
        using var file = LibC.Open(path, LibC.O_RDONLY | LibC.O_NONBLOCK | LibC.O_CLOEXEC, 0);
        if (file.IsInvalid)
        {
            var errno = LibC.LastError;
            return errno is LinuxErrno.ENOENT or LinuxErrno.ENOTDIR ? null : throw new FileOperationException("open", path, errno);
        }

        var info = NativeStat.OfDescriptor(file, path);
        if (!info.IsRegularFile)
        {
            throw new FileOperationException("read", path, LinuxErrno.EINVAL, "not a regular file");
        }

        if (info.Size > Array.MaxLength)
        {
            throw new FileOperationException("read", path, LinuxErrno.EFBIG, $"the file is {info.Size} bytes, too large to read");
        }

        // Read what the file holds now; a file that grows meanwhile is read up to its size when opened.
        var buffer = GC.AllocateUninitializedArray<byte>((int)info.Size);
        using var stream = new FileStream(file, FileAccess.Read, bufferSize: 0);
        var length = Run("read", path, () => stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false));
        return length == buffer.Length ? buffer : buffer.AsSpan(0, length).ToArray();
    }

    public StateFileInfo? GetInfo(string path) => NativeStat.OfPath(path);

    public IStateLockFile? OpenLockFile(string path, bool create)
    {
        // Opened by hand: a .NET file handle would take its own flock on the file.
        var flags = LibC.O_RDWR | LibC.O_NOFOLLOW | LibC.O_CLOEXEC | (create ? LibC.O_CREAT : 0);
        var file = LibC.Open(path, flags, LibC.Mode0600);
        if (file.IsInvalid)
        {
            var errno = LibC.LastError;
            file.Dispose();
            return errno == LinuxErrno.ENOENT && !create ? null : throw new FileOperationException("open", path, errno);
        }

        try
        {
            var info = NativeStat.OfDescriptor(file, path);
            if (!info.IsRegularFile)
            {
                throw new FileOperationException("open", path, LinuxErrno.EINVAL, "not a regular file");
            }

            return new LockFile(path, file, info.Id);
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    public IStateLockFile OpenDirectoryLock(string directoryPath)
    {
        var directory = LibC.Open(directoryPath, LibC.O_RDONLY | LibC.O_DIRECTORY | LibC.O_CLOEXEC, 0);
        if (directory.IsInvalid)
        {
            var errno = LibC.LastError;
            directory.Dispose();
            throw new FileOperationException("open directory", directoryPath, errno);
        }

        return new LockFile(directoryPath, directory, directoryPath);
    }

    public IReadOnlyList<string> ListFiles(string directoryPath, string namePrefix)
    {
        try
        {
            return Directory.EnumerateFiles(directoryPath, namePrefix + "*")
                .Where(file => Path.GetFileName(file).StartsWith(namePrefix, StringComparison.Ordinal))
                .Order(StringComparer.Ordinal)
                .ToList();
        }
        catch (DirectoryNotFoundException)
        {
            return [];
        }
    }

    private static Handle Open(IStateFileHandle file) =>
        file is Handle { Stream: not null } handle
            ? handle
            : throw new ObjectDisposedException(file.Path, "The file is closed or does not belong to this file system.");

    private static T Run<T>(string operation, string path, Func<T> action)
    {
        try
        {
            return action();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw Failure(operation, path, ex);
        }
    }

    private static void Run(string operation, string path, Action action) => Run(operation, path, () =>
    {
        action();
        return 0;
    });

    /// <summary>The errno behind a .NET I/O exception (on Unix its HResult carries it when no better type fits).</summary>
    private static FileOperationException Failure(string operation, string path, Exception ex)
    {
        var errno = ex switch
        {
            FileNotFoundException or DirectoryNotFoundException => LinuxErrno.ENOENT,
            UnauthorizedAccessException => LinuxErrno.EACCES,
            IOException { HResult: > 0 and < 4096 } io => io.HResult,
            _ => LinuxErrno.EIO,
        };
        return new FileOperationException(operation, path, errno, $"{LinuxErrno.Describe(errno)}: {ex.Message}");
    }

    private sealed class Handle(string path, FileStream stream) : IStateFileHandle
    {
        public string Path { get; } = path;

        public FileStream? Stream { get; set; } = stream;
    }

    /// <summary>A descriptor held for <c>flock</c>; closing it drops the lock.</summary>
    private sealed class LockFile(string path, SafeFileHandle descriptor, string id) : IStateLockFile
    {
        public string Path { get; } = path;

        public string Id { get; } = id;

        public bool TryLock() => Flock(LibC.LOCK_EX | LibC.LOCK_NB);

        public void Lock()
        {
            if (!Flock(LibC.LOCK_EX))
            {
                throw new FileOperationException("flock", Path, LinuxErrno.EAGAIN);
            }
        }

        public void Dispose() => descriptor.Dispose();

        private bool Flock(int operation)
        {
            while (true)
            {
                if (LibC.Flock(descriptor, operation) == 0)
                {
                    return true;
                }

                var errno = LibC.LastError;
                if (errno == LinuxErrno.EAGAIN)
                {
                    return false;
                }

                if (errno != LinuxErrno.EINTR)
                {
                    throw new FileOperationException("flock", Path, errno);
                }
            }
        }
    }
}
