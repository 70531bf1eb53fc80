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
internal sealed class StateCommitProtocol
{
    private readonly IStateFileSystem _fileSystem;
    private readonly StateFilePaths _paths;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;

    public StateCommitProtocol(IStateFileSystem fileSystem, StateFilePaths paths, ILogger logger, TimeProvider time)
    {
        _fileSystem = fileSystem;
        _paths = paths;
        _logger = logger;
        _time = time;
    }

    /// <param name="bytes">The new state file content.</param>
    /// <param name="keepBackup">Link the current state to <c>.bak</c> first (false when the current state is damaged: the backup must survive).</param>
    /// <param name="fence">Throws when this writer no longer owns the state; called before the backup rename and again right before the final rename.</param>
    /// <param name="onRenamed">Called once the new state is in place, even if the directory fsync then fails.</param>
    public void Commit(ReadOnlySpan<byte> bytes, bool keepBackup, Action fence, Action onRenamed)
    {
        var temp = _paths.NewTemp();
        IStateFileHandle? handle = null;
        string? backupTemp = null;
        var tempCreated = false;
        var renamed = false;
        try
        {
            handle = _fileSystem.CreateExclusive(temp);
            tempCreated = true;
            _fileSystem.Write(handle, bytes);
            var file = handle;
            TimedSync(() => _fileSystem.Sync(file));
            handle = null;
            _fileSystem.Close(file);

            // rename(2) between two links of one inode does nothing, so a backup that already is the
            // current state (a commit failed after this step) is left as it is.
            var current = keepBackup ? _fileSystem.GetInfo(_paths.State) : null;
            if (current is not null && _fileSystem.GetInfo(_paths.Backup)?.Id != current.Id)
            {
                backupTemp = _paths.NewBackupTemp();
                _fileSystem.Link(_paths.State, backupTemp);
            }

            // Both temp names exist before the fence: a holder paused after it and broken meanwhile finds them
            // removed by the next holder, so neither rename can publish anything.
            fence();
            if (backupTemp is not null)
            {
                _fileSystem.Rename(backupTemp, _paths.Backup);
                backupTemp = null;
            }

            fence();
            _fileSystem.Rename(temp, _paths.State);
            renamed = true;
            onRenamed();
            TimedSync(() => _fileSystem.SyncDirectory(_paths.Directory));
        }
        catch (FileOperationException ex)
        {
            CleanUp(handle, tempCreated && !renamed ? temp : null, backupTemp);
            if (!renamed && ex.Errno == LinuxErrno.ENOENT)
            {
                // A temp file vanished: a newer holder removed it, so this one was fenced out meanwhile.
                fence();
            }

            StateLog.CommitFailed(_logger, _paths.State, ex.Operation, ex.Message);
            if (renamed)
            {
                throw new StateIOException(
                    _paths.State, ex.Operation, ex.Path, ex.Errno,
                    $"The new state {_paths.State} is in place, but making it durable failed ({ex.Message}); it may not survive a power loss. Check the disk.", ex);
            }

            throw new StateIOException(
                _paths.State, ex.Operation, ex.Path, ex.Errno,
                $"Could not commit the state {_paths.State}: {ex.Message}. The previous state is unchanged.", ex);
        }
        catch
        {
            CleanUp(handle, tempCreated && !renamed ? temp : null, backupTemp);
            throw;
        }
    }

    /// <summary>
    /// Replaces a damaged backup (already quarantined) with a copy of the valid state's bytes, by the same
    /// steps as a commit: exclusive temp file, write, fsync, fence, rename over <c>.bak</c>, directory fsync.
    /// A copy rather than a hard link, so the backup does not share the state's inode: damage written into
    /// the state in place (an editor that writes through links, a bad block) cannot reach the backup too.
    /// On failure the temp file is removed and the state and backup are unchanged.
    /// </summary>
    public void ReplaceBackup(ReadOnlySpan<byte> stateBytes, Action fence)
    {
        var temp = _paths.NewBackupTemp();
        IStateFileHandle? handle = null;
        var tempCreated = false;
        var renamed = false;
        try
        {
            handle = _fileSystem.CreateExclusive(temp);
            tempCreated = true;
            _fileSystem.Write(handle, stateBytes);
            var file = handle;
            TimedSync(() => _fileSystem.Sync(file));
            handle = null;
            _fileSystem.Close(file);

            fence();
            _fileSystem.Rename(temp, _paths.Backup);
            renamed = true;
            TimedSync(() => _fileSystem.SyncDirectory(_paths.Directory));
        }
        catch (FileOperationException ex)
        {
            CleanUp(handle, tempCreated && !renamed ? temp : null, null);
            if (!renamed && ex.Errno == LinuxErrno.ENOENT)
            {
                fence();
            }

            throw new StateIOException(
                _paths.State, ex.Operation, ex.Path, ex.Errno,
                $"Could not replace the damaged backup {_paths.Backup}: {ex.Message}. The state is unchanged.", ex);
        }
        catch
        {
            CleanUp(handle, tempCreated && !renamed ? temp : null, null);
            throw;
        }
    }

    /// <summary>Removes temp files left by an interrupted or fenced-out commit. Only a new lock holder calls this, so every temp file found is a leftover.</summary>
    public int RemoveLeftovers()
    {
        var removed = 0;
        foreach (var prefix in (string[])[_paths.TempPrefix, _paths.BackupTempPrefix])
        {
            foreach (var leftover in _fileSystem.ListFiles(_paths.Directory, prefix))
            {
                try
                {
                    _fileSystem.Unlink(leftover);
                    removed++;
                    StateLog.TempFileRemoved(_logger, _paths.State, leftover);
                }
                catch (FileOperationException ex) when (ex.Errno == LinuxErrno.ENOENT)
                {
                }
            }
        }

        return removed;
    }

    private void TimedSync(Action sync)
    {
        var started = _time.GetTimestamp();
        sync();
        StateTelemetry.FsyncDuration.Record(_time.GetElapsedTime(started).TotalMilliseconds);
    }

    private void CleanUp(IStateFileHandle? handle, string? temp, string? backupTemp)
    {
        if (handle is not null)
        {
            Try(() => _fileSystem.Close(handle));
        }

        if (temp is not null)
        {
            Try(() => _fileSystem.Unlink(temp));
        }

        if (backupTemp is not null)
        {
            Try(() => _fileSystem.Unlink(backupTemp));
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
            // The next lock holder removes what is left.
        }
    }
}
