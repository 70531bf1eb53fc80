using AgentSpec.Core.State.Errors;
using AgentSpec.Core.State.FileBackend.FileSystem;
using AgentSpec.Core.Telemetry;
using Microsoft.Extensions.Logging;

namespace AgentSpec.Core.State.FileBackend;

/// <summary>
/// The commit protocol (docs/state.md, "Commit protocol"), all of it in this file, over the <see cref="IStateFileSystem"/> seam:
/// <list type="number">
/// <item>create a temp file beside the state (<c>O_CREAT|O_EXCL|O_NOFOLLOW|O_CLOEXEC</c>, 0600);</item>
/// <item>write every byte (a short write or ENOSPC aborts);</item>
/// <item>fsync it (a failed fsync aborts and is never retried);</item>
/// <item>hard-link the state to a backup temp name (the previous generation);</item>
/// <item>fence (the caller checks it still owns the lock and the on-disk state is the one it loaded),
/// rename the backup temp over <c>.bak</c> (so <c>.bak</c> is always whole and the state path never
/// disappears), fence again and rename the temp file over the state;</item>
/// <item>fsync the directory.</item>
/// </list>
/// Any failure before step 5 removes the temp file and leaves the state byte-identical.
/// </summary>
internal sealed class StateCommitProtocol(IStateFileSystem fileSystem, StateFilePaths paths, ILogger logger, TimeProvider time)
{
    /// <param name="bytes">The new state file content.</param>
    /// <param name="keepBackup">Link the current state to <c>.bak</c> first (false when the current state is damaged: the backup must survive).</param>
    /// <param name="fence">Throws when this writer no longer owns the state; called before the backup rename and again right before the final rename.</param>
    /// <param name="onRenamed">Called once the new state is in place, even if the directory fsync then fails.</param>
    public void Commit(ReadOnlySpan<byte> bytes, bool keepBackup, Action fence, Action onRenamed)
    {
        var renamed = false;
        try
        {
            Publish(bytes, paths.NewTemp(), paths.State, keepBackup, fence, () =>
            {
                renamed = true;
                onRenamed();
            });
        }
        catch (FileOperationException ex)
        {
            StateLog.CommitFailed(logger, paths.State, ex.Operation, ex.Message);
            throw new StateIOException(
                paths.State, ex.Operation, ex.Path, ex.Errno,
                renamed
                    ? $"The new state {paths.State} is in place, but making it durable failed ({ex.Message}); it may not survive a power loss. Check the disk."
                    : $"Could not commit the state {paths.State}: {ex.Message}. The previous state is unchanged.",
                ex);
        }
    }

    /// <summary>
    /// Replaces a damaged backup (already quarantined) with a copy of the valid state's bytes, by the same
    /// steps as a commit. A copy rather than a hard link, so the backup does not share the state's inode:
    /// damage written into the state in place (an editor that writes through links, a bad block) cannot
    /// reach the backup too. On failure the temp file is removed and the state and backup are unchanged.
    /// </summary>
    public void ReplaceBackup(ReadOnlySpan<byte> stateBytes, Action fence)
    {
        try
        {
            Publish(stateBytes, paths.NewBackupTemp(), paths.Backup, linkBackup: false, fence, () => { });
        }
        catch (FileOperationException ex)
        {
            throw new StateIOException(
                paths.State, ex.Operation, ex.Path, ex.Errno,
                $"Could not replace the damaged backup {paths.Backup}: {ex.Message}. The state is unchanged.", ex);
        }
    }

    /// <summary>Removes temp files left by an interrupted or fenced-out commit. Only a new lock holder calls this, so every temp file found is a leftover.</summary>
    public int RemoveLeftovers()
    {
        var removed = 0;
        foreach (var prefix in (string[])[paths.TempPrefix, paths.BackupTempPrefix])
        {
            foreach (var leftover in fileSystem.ListFiles(paths.Directory, prefix))
            {
                try
                {
                    fileSystem.Unlink(leftover);
                    removed++;
                    StateLog.TempFileRemoved(logger, paths.State, leftover);
                }
                catch (FileOperationException ex) when (ex.Errno == LinuxErrno.ENOENT)
                {
                }
            }
        }

        return removed;
    }

    /// <summary>The steps of the protocol, for <paramref name="bytes"/> going to <paramref name="target"/> through <paramref name="temp"/>.</summary>
    private void Publish(ReadOnlySpan<byte> bytes, string temp, string target, bool linkBackup, Action fence, Action onRenamed)
    {
        IStateFileHandle? handle = null;
        string? created = null;
        string? backupTemp = null;
        try
        {
            handle = fileSystem.CreateExclusive(temp);
            created = temp;
            fileSystem.Write(handle, bytes);
            var file = handle;
            TimedSync(() => fileSystem.Sync(file));
            handle = null;
            fileSystem.Close(file);

            // rename(2) between two links of one inode does nothing, so a backup that already is the
            // current state (a commit failed after this step) is left as it is.
            var current = linkBackup ? fileSystem.GetInfo(paths.State) : null;
            if (current is not null && fileSystem.GetInfo(paths.Backup)?.Id != current.Id)
            {
                backupTemp = paths.NewBackupTemp();
                fileSystem.Link(paths.State, backupTemp);
            }

            // Both temp names exist before the fence: a holder paused after it and broken meanwhile finds them
            // removed by the next holder, so neither rename can publish anything.
            fence();
            if (backupTemp is not null)
            {
                fileSystem.Rename(backupTemp, paths.Backup);
                backupTemp = null;
            }

            fence();
            fileSystem.Rename(temp, target);
            created = null;
            onRenamed();
            TimedSync(() => fileSystem.SyncDirectory(paths.Directory));
        }
        catch (Exception ex)
        {
            if (handle is not null)
            {
                Try(() => fileSystem.Close(handle));
            }

            foreach (var leftover in (string?[])[created, backupTemp])
            {
                if (leftover is not null)
                {
                    Try(() => fileSystem.Unlink(leftover));
                }
            }

            if (created is not null && ex is FileOperationException { Errno: LinuxErrno.ENOENT })
            {
                // A temp file vanished: a newer holder removed it, so this one was fenced out meanwhile.
                fence();
            }

            throw;
        }
    }

    private void TimedSync(Action sync)
    {
        var started = time.GetTimestamp();
        sync();
        StateTelemetry.FsyncDuration.Record(time.GetElapsedTime(started).TotalMilliseconds, StateTelemetry.FileBackend);
    }

    private static void Try(Action action)
    {
        try
        {
            action();
        }
        catch (FileOperationException)
        {
            // The next lock holder removes what is left.
        }
    }
}
