using System.Text.Json;
using AgentSpec.Core.State.Errors;
using AgentSpec.Core.State.FileBackend.FileSystem;
using AgentSpec.Core.State.Format;

namespace AgentSpec.Core.State.FileBackend;

/// <summary>
/// <c>&lt;state&gt;.lock.info</c>, the holder information (docs/state.md, "Lock protocol"), read and written
/// through the <see cref="IStateFileSystem"/> seam: written to a temp file and renamed into place, read only
/// when it is a small regular file (a FIFO or a huge file there is no holder information, never a hang).
/// </summary>
internal sealed class StateLockInfoFile(StateFilePaths paths, IStateFileSystem fileSystem)
{
    /// <summary>Holder information is a few hundred bytes; anything much larger is not ours.</summary>
    private const long MaxBytes = 64 * 1024;

    /// <summary>The holder information, or null when there is none or it cannot be read.</summary>
    public StateLockHolderInfo? Read()
    {
        try
        {
            if (fileSystem.GetInfo(paths.LockInfo) is not { IsRegularFile: true, Size: > 0 and <= MaxBytes })
            {
                return null;
            }

            var bytes = fileSystem.ReadAll(paths.LockInfo);
            var holder = bytes is null || bytes.Length == 0
                ? null
                : JsonSerializer.Deserialize(bytes, StateJsonContext.Default.StateLockHolderInfo);
            return holder is { IsComplete: true } ? holder : null;
        }
        catch (Exception ex) when (ex is JsonException or FileOperationException)
        {
            return null;
        }
    }

    /// <summary>Replaces the information atomically (temp file + rename).</summary>
    public void Write(StateLockHolderInfo holder)
    {
        var temp = paths.NewLockInfoTemp();
        var bytes = JsonSerializer.SerializeToUtf8Bytes(holder, StateJsonContext.Default.StateLockHolderInfo);
        IStateFileHandle? handle = null;
        var created = false;
        try
        {
            handle = fileSystem.CreateExclusive(temp);
            created = true;
            fileSystem.Write(handle, bytes);
            var open = handle;
            handle = null;
            fileSystem.Close(open);
            fileSystem.Rename(temp, paths.LockInfo);
        }
        catch (FileOperationException ex)
        {
            if (handle is not null)
            {
                Try(() => fileSystem.Close(handle));
            }

            if (created)
            {
                Try(() => fileSystem.Unlink(temp));
            }

            throw new StateIOException(paths.State, ex.Operation, ex.Path, ex.Errno, $"Could not write the lock information {paths.LockInfo}: {ex.Message}.", ex);
        }
    }

    /// <summary>Removes the information if it still names <paramref name="lockId"/> (never another holder's).</summary>
    public void RemoveIfItNames(string lockId)
    {
        var info = Read();
        if (info is not null && string.Equals(info.LockId, lockId, StringComparison.Ordinal))
        {
            Try(() => fileSystem.Unlink(paths.LockInfo));
        }
    }

    /// <summary>Temp files left by a process that died between writing and renaming the information.</summary>
    public void RemoveLeftoverTemps()
    {
        foreach (var leftover in fileSystem.ListFiles(paths.Directory, paths.LockInfoTempPrefix))
        {
            Try(() => fileSystem.Unlink(leftover));
        }
    }

    private static void Try(Action action)
    {
        try
        {
            action();
        }
        catch (FileOperationException)
        {
            // Left over: the next holder removes it, or it identifies nobody.
        }
    }
}
