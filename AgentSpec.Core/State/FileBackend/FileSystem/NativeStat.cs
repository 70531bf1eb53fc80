using System.Buffers.Binary;
using System.Globalization;
using Microsoft.Win32.SafeHandles;

namespace AgentSpec.Core.State.FileBackend.FileSystem;

/// <summary>
/// <c>statx</c>, whose result layout is the same on every Linux architecture (unlike <c>struct stat</c>).
/// The id is "major:minor:inode", stable for the life of the file and changed by a rename over the path.
/// </summary>
internal static unsafe class NativeStat
{
    private const int StatxSize = 256;

    /// <summary>lstat of a path; null when it does not exist.</summary>
    public static StateFileInfo? OfPath(string path)
    {
        var buffer = stackalloc byte[StatxSize];
        if (LibC.Statx(LibC.AT_FDCWD, path, LibC.AT_SYMLINK_NOFOLLOW, LibC.STATX_BASIC_STATS, buffer) != 0)
        {
            var errno = LibC.LastError;
            if (errno is LinuxErrno.ENOENT or LinuxErrno.ENOTDIR)
            {
                return null;
            }

            throw new FileOperationException("stat", path, errno);
        }

        return Decode(new ReadOnlySpan<byte>(buffer, StatxSize));
    }

    /// <summary>fstat of an open descriptor.</summary>
    public static StateFileInfo OfDescriptor(SafeFileHandle fd, string pathForMessages)
    {
        var buffer = stackalloc byte[StatxSize];
        if (LibC.Statx(fd, string.Empty, LibC.AT_EMPTY_PATH, LibC.STATX_BASIC_STATS, buffer) != 0)
        {
            throw new FileOperationException("fstat", pathForMessages, LibC.LastError);
        }

        return Decode(new ReadOnlySpan<byte>(buffer, StatxSize));
    }

    private static StateFileInfo Decode(ReadOnlySpan<byte> statx)
    {
        var mode = BinaryPrimitives.ReadUInt16LittleEndian(statx[28..]);
        var inode = BinaryPrimitives.ReadUInt64LittleEndian(statx[32..]);
        var size = BinaryPrimitives.ReadInt64LittleEndian(statx[40..]);
        var mtimeSeconds = BinaryPrimitives.ReadInt64LittleEndian(statx[112..]);
        var mtimeNanos = BinaryPrimitives.ReadUInt32LittleEndian(statx[120..]);
        var devMajor = BinaryPrimitives.ReadUInt32LittleEndian(statx[136..]);
        var devMinor = BinaryPrimitives.ReadUInt32LittleEndian(statx[140..]);
        var lastWrite = DateTimeOffset.FromUnixTimeSeconds(mtimeSeconds).AddTicks(mtimeNanos / 100);
        var id = string.Create(CultureInfo.InvariantCulture, $"{devMajor}:{devMinor}:{inode}");
        var type = mode & LibC.S_IFMT;
        return new StateFileInfo(id, size, lastWrite, type == LibC.S_IFREG, mode & 0xFFF)
        {
            IsSymbolicLink = type == LibC.S_IFLNK,
            IsDirectory = type == LibC.S_IFDIR,
        };
    }
}
