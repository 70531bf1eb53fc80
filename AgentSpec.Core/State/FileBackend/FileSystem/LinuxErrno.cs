namespace AgentSpec.Core.State.FileBackend.FileSystem;

/// <summary>The Linux errno values the state code reacts to, and their names for messages.</summary>
public static class LinuxErrno
{
    public const int EPERM = 1;
    public const int ENOENT = 2;
    public const int EINTR = 4;
    public const int EIO = 5;
    public const int EAGAIN = 11;
    public const int EACCES = 13;
    public const int EEXIST = 17;
    public const int EXDEV = 18;
    public const int ENOTDIR = 20;
    public const int EFBIG = 27;
    public const int EINVAL = 22;
    public const int ENOSPC = 28;
    public const int EROFS = 30;
    public const int EMLINK = 31;
    public const int ELOOP = 40;
    public const int EDQUOT = 122;

    public static string Describe(int errno) => errno switch
    {
        EPERM => "EPERM (operation not permitted)",
        ENOENT => "ENOENT (no such file or directory)",
        EINTR => "EINTR (interrupted)",
        EIO => "EIO (input/output error)",
        EAGAIN => "EAGAIN (resource temporarily unavailable)",
        EACCES => "EACCES (permission denied)",
        EEXIST => "EEXIST (file exists)",
        EXDEV => "EXDEV (cross-device link)",
        ENOTDIR => "ENOTDIR (not a directory)",
        EFBIG => "EFBIG (file too large)",
        EINVAL => "EINVAL (invalid argument)",
        ENOSPC => "ENOSPC (no space left on device)",
        EROFS => "EROFS (read-only file system)",
        EMLINK => "EMLINK (too many links)",
        ELOOP => "ELOOP (refusing to follow a symbolic link)",
        EDQUOT => "EDQUOT (disk quota exceeded)",
        _ => $"errno {errno}",
    };
}
