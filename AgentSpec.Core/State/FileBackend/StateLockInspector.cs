using AgentSpec.Core.State.Errors;
using AgentSpec.Core.State.FileBackend.FileSystem;
using AgentSpec.Core.Telemetry;
using Microsoft.Extensions.Logging;

namespace AgentSpec.Core.State.FileBackend;

/// <summary>
/// Inspecting and breaking the state lock (docs/state.md, "Lock protocol"): the status without taking the
/// lock, <c>state unlock --force</c>, and the break of a stale holder. A break happens under a short
/// directory <c>flock</c> (so two breakers never break twice) and renames the lock file aside as
/// <c>&lt;state&gt;.lock.broken-…</c>; the broken holder's fencing check then fails, so it can never commit.
/// Every file operation goes through the <see cref="IStateFileSystem"/> seam.
/// </summary>
internal sealed class StateLockInspector(StateFilePaths paths, IStateFileSystem fileSystem, StateLockInfoFile info, ILogger logger, TimeProvider time)
{
    /// <summary>The identity of the file the lock path names now, or null.</summary>
    public string? CurrentLockFileId() => Guard("stat", () => fileSystem.GetInfo(paths.Lock)?.Id);

    /// <summary>
    /// The lock as seen without taking it (for <c>state status</c>): held by an identified holder, held by
    /// an unidentified one (the kernel lock is held but no information names the current lock file),
    /// information left over by a holder that is gone, or null when the lock is free and nothing is left over.
    /// </summary>
    public StateLockStatus? GetStatus()
    {
        var now = time.GetUtcNow();
        var current = CurrentLockFileId();
        var holder = info.Read();
        var identified = holder is not null && current is not null && holder.LockFileId == current;
        var held = current is not null && IsStillLocked();
        if (identified)
        {
            return new StateLockStatus(paths.Lock, holder, held, SinceRenewal(holder!, now));
        }

        if (held)
        {
            return new StateLockStatus(paths.Lock, null, true, null);
        }

        return holder is null ? null : new StateLockStatus(paths.Lock, holder, false, SinceRenewal(holder, now));
    }

    /// <summary>Breaks the lock held under <paramref name="lockId"/> (<c>state unlock --force</c>).</summary>
    public StateLockHolderInfo ForceUnlock(string lockId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(lockId);
        var holder = info.Read();
        if (holder is null || !string.Equals(holder.LockId, lockId, StringComparison.Ordinal))
        {
            throw new StateLockIdMismatchException(paths.State, lockId, holder);
        }

        using var guard = TakeBreakGuard(wait: true)!;
        var again = info.Read();
        if (again is null || !string.Equals(again.LockId, lockId, StringComparison.Ordinal))
        {
            throw new StateLockIdMismatchException(paths.State, lockId, again);
        }

        var brokenAs = "(nothing to move: its lock file was already replaced)";
        if (CurrentLockFileId() is { } current && current == again.LockFileId)
        {
            brokenAs = MoveLockFileAside(StateFilePaths.BrokenByForce);
        }

        info.RemoveIfItNames(again.LockId);
        StateLog.ForceUnlocked(logger, paths.State, again.LockId, again.Pid, again.Hostname, brokenAs);
        StateTelemetry.StaleLockRecoveries.Add(1, new KeyValuePair<string, object?>(StateTelemetry.StaleKindTag, "forced"), StateTelemetry.FileBackend);
        return again;
    }

    /// <summary>
    /// Breaks the lock a waiter judged stale: <paramref name="observed"/> is the holder information it saw
    /// unchanged for the stale timeout (null: no information named the lock file for that long), and
    /// <paramref name="unchangedFor"/> how long the waiter watched it on its own clock. Re-checks everything
    /// under the break guard and gives up when anything moved (a renewal, another breaker, a release).
    /// </summary>
    public bool TryBreakStale(StateLockHolderInfo? observed, string lockFileId, TimeSpan unchangedFor)
    {
        using var guard = TakeBreakGuard(wait: false);
        if (guard is null || CurrentLockFileId() != lockFileId)
        {
            // Another waiter is breaking it right now, or did already.
            return false;
        }

        var again = info.Read();
        if (observed is not null)
        {
            if (again is null || again.LockId != observed.LockId || again.Renewed != observed.Renewed)
            {
                return false;
            }
        }
        else if (again is not null && again.LockFileId == lockFileId)
        {
            // The holder identified itself meanwhile: judge it by its lease next time round.
            return false;
        }

        if (!IsStillLocked())
        {
            return false;
        }

        var brokenAs = MoveLockFileAside(StateFilePaths.BrokenAsStale);
        if (again is not null)
        {
            info.RemoveIfItNames(again.LockId);
        }

        var staleHolder = again is null ? StateLockHolderInfo.Unidentified : $"PID {again.Pid} on {again.Hostname} (lock id {again.LockId})";
        var shownAge = StateDurations.Format(unchangedFor);
        var ageMs = Math.Round(unchangedFor.TotalMilliseconds);
        StateLog.StaleLockBroken(logger, paths.State, staleHolder, again?.Pid, shownAge, ageMs, again?.Hostname, again?.LockId, brokenAs);
        StateTelemetry.StaleLockRecoveries.Add(1, new KeyValuePair<string, object?>(StateTelemetry.StaleKindTag, "broken"), StateTelemetry.FileBackend);
        return true;
    }

    /// <summary>Lock files renamed aside by a break are deleted once their holder is gone (its kernel lock is free).</summary>
    public void RemoveAbandonedBrokenLockFiles()
    {
        foreach (var broken in fileSystem.ListFiles(paths.Directory, paths.BrokenLockPrefix))
        {
            try
            {
                using var file = fileSystem.OpenLockFile(broken, create: false);
                if (file is not null && file.TryLock())
                {
                    fileSystem.Unlink(broken);
                }
            }
            catch (FileOperationException)
            {
                // Still held, or gone already: a later holder tries again.
            }
        }
    }

    /// <summary>How the lock whose file was <paramref name="lockFileId"/> was broken, told by the name it was renamed to.</summary>
    public StateLockLoss DescribeLoss(string lockFileId)
    {
        try
        {
            foreach (var broken in fileSystem.ListFiles(paths.Directory, paths.BrokenLockPrefix))
            {
                if (fileSystem.GetInfo(broken)?.Id != lockFileId)
                {
                    continue;
                }

                // <stamp>-<how>-<hex>
                var how = Path.GetFileName(broken)[paths.BrokenLockPrefix.Length..];
                return how.Contains($"-{StateFilePaths.BrokenAsStale}-", StringComparison.Ordinal) ? StateLockLoss.BrokenAsStale
                    : how.Contains($"-{StateFilePaths.BrokenByForce}-", StringComparison.Ordinal) ? StateLockLoss.ForceUnlocked
                    : StateLockLoss.Broken;
            }
        }
        catch (FileOperationException)
        {
        }

        return StateLockLoss.Broken;
    }

    /// <summary>A holder's clock may be ahead of ours (or stepped back since): a renewal "in the future" counts as just now.</summary>
    private static TimeSpan SinceRenewal(StateLockHolderInfo holder, DateTimeOffset now) =>
        now > holder.Renewed ? now - holder.Renewed : TimeSpan.Zero;

    /// <summary>
    /// Whether some process holds the kernel lock: a non-blocking <c>flock</c> probe on the current lock file
    /// (never creating it), released at once. A waiter that meets the probe blocks in the kernel and is
    /// woken the moment it ends.
    /// </summary>
    private bool IsStillLocked()
    {
        using var file = Guard("open", () => fileSystem.OpenLockFile(paths.Lock, create: false));
        return file is not null && !Guard("flock", file.TryLock);
    }

    private string MoveLockFileAside(string how)
    {
        var brokenAs = paths.BrokenLock(time.GetUtcNow(), how);
        try
        {
            fileSystem.Rename(paths.Lock, brokenAs);
        }
        catch (FileOperationException ex)
        {
            throw new StateIOException(paths.State, "rename", paths.Lock, ex.Errno, $"Could not move the lock file {paths.Lock} aside to break the lock: {LinuxErrno.Describe(ex.Errno)}.", ex);
        }

        return brokenAs;
    }

    /// <summary>A short directory <c>flock</c> that serialises lock breakers (never taken by healthy holders); null when another breaker has it and <paramref name="wait"/> is false.</summary>
    private IStateLockFile? TakeBreakGuard(bool wait)
    {
        var directory = Guard("open directory", () => fileSystem.OpenDirectoryLock(paths.Directory));
        bool locked;
        try
        {
            locked = wait ? Guard("flock", () => { directory.Lock(); return true; }) : Guard("flock", directory.TryLock);
        }
        catch
        {
            directory.Dispose();
            throw;
        }

        if (!locked)
        {
            directory.Dispose();
        }

        return locked ? directory : null;
    }

    /// <summary>Runs a lock-file operation, reporting its failure as <see cref="LockFileError"/>.</summary>
    internal T Guard<T>(string operation, Func<T> action)
    {
        try
        {
            return action();
        }
        catch (FileOperationException ex)
        {
            throw LockFileError(paths, operation, ex);
        }
    }

    /// <summary>A failed operation on the lock file (or the directory guard) as the user sees it.</summary>
    private static StateIOException LockFileError(StateFilePaths paths, string operation, FileOperationException ex)
    {
        var message = ex.Errno == LinuxErrno.ELOOP
            ? $"The lock file {paths.Lock} is a symbolic link; refusing to follow it. Remove the link and retry."
            : ex.Errno == LinuxErrno.EINVAL && operation == "open"
                ? $"The lock file {paths.Lock} is not a regular file; remove it and retry."
                : $"Could not {operation} {ex.Path}: {LinuxErrno.Describe(ex.Errno)}.";
        return new StateIOException(paths.State, operation, ex.Path, ex.Errno, message, ex);
    }

}
