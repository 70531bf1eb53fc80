using System.Runtime.InteropServices;

namespace AgentSpec.Benchmarks.Infrastructure;

/// <summary>
/// The libc calls of the floors: a raw durable write and a bare kernel lock, with no product code in between.
/// (.NET cannot fsync a directory or take a kernel <c>flock</c> by itself.)
/// </summary>
internal static unsafe partial class NativeFile
{
    private const string Library = "libc";
    private const int O_RDONLY = 0x0;
    private const int O_WRONLY = 0x1;
    private const int O_RDWR = 0x2;
    private const int O_CREAT = 0x40;
    private const int O_EXCL = 0x80;
    private const int O_CLOEXEC = 0x80000;
    private const int LOCK_EX = 2;
    private const int LOCK_NB = 4;
    private const int LOCK_UN = 8;
    private const int EINTR = 4;
    private const uint Mode0600 = 0x180;

    // O_DIRECTORY differs between the asm-generic (Arm) and x86 values.
    private static readonly int O_DIRECTORY = RuntimeInformation.ProcessArchitecture is Architecture.Arm64 or Architecture.Arm ? 0x4000 : 0x10000;

    /// <summary>
    /// The durable minimum: create a temp file, write every byte, fsync it, rename it over
    /// <paramref name="target"/>, fsync the directory.
    /// </summary>
    public static void DurableReplace(string directory, string target, string temp, ReadOnlySpan<byte> bytes)
    {
        var fd = Check(Open(temp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, Mode0600), "open", temp);
        try
        {
            fixed (byte* start = bytes)
            {
                var written = 0;
                while (written < bytes.Length)
                {
                    var result = Write(fd, start + written, bytes.Length - written);
                    if (result < 0 && Marshal.GetLastPInvokeError() == EINTR)
                    {
                        continue;
                    }

                    written += (int)Check(result, "write", temp);
                }
            }

            Check(Fsync(fd), "fsync", temp);
        }
        finally
        {
            _ = Close(fd);
        }

        Check(Rename(temp, target), "rename", target);
        var directoryFd = Check(Open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0), "open", directory);
        try
        {
            Check(Fsync(directoryFd), "fsync", directory);
        }
        finally
        {
            _ = Close(directoryFd);
        }
    }

    /// <summary>The kernel lock alone: open, <c>flock(LOCK_EX|LOCK_NB)</c>, unlock, close.</summary>
    public static void LockAndUnlock(string path)
    {
        var fd = Check(Open(path, O_RDWR | O_CREAT | O_CLOEXEC, Mode0600), "open", path);
        try
        {
            Check(Flock(fd, LOCK_EX | LOCK_NB), "flock", path);
            Check(Flock(fd, LOCK_UN), "flock", path);
        }
        finally
        {
            _ = Close(fd);
        }
    }

    private static int Check(int result, string operation, string path) =>
        result >= 0 ? result : throw new IOException($"{operation} {path} failed: errno {Marshal.GetLastPInvokeError()}");

    private static nint Check(nint result, string operation, string path) =>
        result >= 0 ? result : throw new IOException($"{operation} {path} failed: errno {Marshal.GetLastPInvokeError()}");

    [LibraryImport(Library, EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags, uint mode);

    [LibraryImport(Library, EntryPoint = "close", SetLastError = true)]
    private static partial int Close(int fd);

    [LibraryImport(Library, EntryPoint = "write", SetLastError = true)]
    private static partial nint Write(int fd, byte* buffer, nint count);

    [LibraryImport(Library, EntryPoint = "fsync", SetLastError = true)]
    private static partial int Fsync(int fd);

    [LibraryImport(Library, EntryPoint = "rename", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Rename(string oldPath, string newPath);

    [LibraryImport(Library, EntryPoint = "flock", SetLastError = true)]
    private static partial int Flock(int fd, int operation);
}
