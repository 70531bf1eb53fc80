using System.Diagnostics;
using System.Globalization;
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
internal sealed class StateLockInspector
{
    private readonly StateFilePaths _paths;
    private readonly IStateFileSystem _fileSystem;
    private readonly StateLockInfoFile _info;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;

    public StateLockInspector(StateFilePaths paths, IStateFileSystem fileSystem, StateLockInfoFile info, ILogger logger, TimeProvider time)
    {
        _paths = paths;
        _fileSystem = fileSystem;
        _info = info;
        _logger = logger;
        _time = time;
    }

    /// <summary>The identity of the file the lock path names now, or null.</summary>
    public string? CurrentLockFileId() => Guard("stat", () => _fileSystem.GetInfo(_paths.Lock)?.Id);

    /// <summary>
    /// The lock as seen without taking it (for <c>state status</c>): held by an identified holder, held by
    /// an unidentified one (the kernel lock is held but no information names the current lock file),
    /// information left over by a holder that is gone, or null when the lock is free and nothing is left over.
    /// </summary>
    public StateLockStatus? GetStatus()
    {
        var now = _time.GetUtcNow();
        var current = CurrentLockFileId();
        var holder = _info.Read();
        var identified = holder is not null && current is not null && holder.LockFileId == current;
        var held = current is not null && IsKernelLockHeld(current, identified ? holder : null);
        if (identified)
        {
            return new StateLockStatus(_paths.Lock, holder, held, SinceRenewal(holder!, now));
        }

        if (held)
        {
            return new StateLockStatus(_paths.Lock, null, true, null);
        }

        return holder is null ? null : new StateLockStatus(_paths.Lock, holder, false, SinceRenewal(holder, now));
    }

    /// <summary>Breaks the lock held under <paramref name="lockId"/> (<c>state unlock --force</c>).</summary>
    public StateLockHolderInfo ForceUnlock(string lockId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(lockId);
        var holder = _info.Read();
        if (holder is null || !string.Equals(holder.LockId, lockId, StringComparison.Ordinal))
        {
            throw new StateLockIdMismatchException(_paths.State, lockId, holder);
        }

        using var guard = TakeBreakGuard(wait: true)!;
        var again = _info.Read();
        if (again is null || !string.Equals(again.LockId, lockId, StringComparison.Ordinal))
        {
            throw new StateLockIdMismatchException(_paths.State, lockId, again);
        }

        var brokenAs = "(nothing to move: its lock file was already replaced)";
        if (CurrentLockFileId() is { } current && current == again.LockFileId)
        {
            brokenAs = MoveLockFileAside(StateFilePaths.BrokenByForce);
        }

        _info.RemoveIfItNames(again.LockId);
        StateLog.ForceUnlocked(_logger, _paths.State, again.LockId, again.Pid, again.Hostname, brokenAs);
        StateTelemetry.StaleLockRecoveries.Add(1, new KeyValuePair<string, object?>(StateTelemetry.StaleKindTag, "forced"));
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

        var again = _info.Read();
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
            _info.RemoveIfItNames(again.LockId);
        }

        var staleHolder = again is null ? StateLockHolderInfo.Unidentified : $"PID {again.Pid} on {again.Hostname} (lock id {again.LockId})";
        var shownAge = StateDurations.Format(unchangedFor);
        var ageMs = Math.Round(unchangedFor.TotalMilliseconds);
        StateLog.StaleLockBroken(_logger, _paths.State, staleHolder, again?.Pid, shownAge, ageMs, again?.Hostname, again?.LockId, brokenAs);
        StateTelemetry.StaleLockRecoveries.Add(1, new KeyValuePair<string, object?>(StateTelemetry.StaleKindTag, "broken"));
        return true;
    }

    /// <summary>Lock files renamed aside by a break are deleted once their holder is gone (its kernel lock is free).</summary>
    public void RemoveAbandonedBrokenLockFiles()
    {
        foreach (var broken in _fileSystem.ListFiles(_paths.Directory, _paths.BrokenLockPrefix))
        {
            try
            {
                using var file = _fileSystem.OpenLockFile(broken, create: false);
                if (file is not null && file.TryLock())
                {
                    _fileSystem.Unlink(broken);
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
            foreach (var broken in _fileSystem.ListFiles(_paths.Directory, _paths.BrokenLockPrefix))
            {
                if (_fileSystem.GetInfo(broken)?.Id != lockFileId)
                {
                    continue;
                }

                // <stamp>-<how>-<hex>; the stamp has no '-'.
                var parts = Path.GetFileName(broken)[_paths.BrokenLockPrefix.Length..].Split('-');
                return parts.Length != 3 ? StateLockLoss.Broken : parts[1] switch
                {
                    StateFilePaths.BrokenAsStale => StateLockLoss.BrokenAsStale,
                    StateFilePaths.BrokenByForce => StateLockLoss.ForceUnlocked,
                    _ => StateLockLoss.Broken,
                };
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

    private bool IsStillLocked()
    {
        using var file = Guard("open", () => _fileSystem.OpenLockFile(_paths.Lock, create: false));
        return file is not null && !Guard("flock", file.TryLock);
    }

    private string MoveLockFileAside(string how)
    {
        var brokenAs = _paths.BrokenLock(_time.GetUtcNow(), how);
        try
        {
            _fileSystem.Rename(_paths.Lock, brokenAs);
        }
        catch (FileOperationException ex)
        {
            throw new StateIOException(_paths.State, "rename", _paths.Lock, ex.Errno, $"Could not move the lock file {_paths.Lock} aside to break the lock: {LinuxErrno.Describe(ex.Errno)}.", ex);
        }

        return brokenAs;
    }

    /// <summary>A short directory <c>flock</c> that serialises lock breakers (never taken by healthy holders); null when another breaker has it and <paramref name="wait"/> is false.</summary>
    private IStateLockFile? TakeBreakGuard(bool wait)
    {
        var directory = Guard("open directory", () => _fileSystem.OpenDirectoryLock(_paths.Directory));
        try
        {
            if (wait)
            {
                Guard("flock", directory.Lock);
                return directory;
            }

            if (Guard("flock", directory.TryLock))
            {
                return directory;
            }

            directory.Dispose();
            return null;
        }
        catch
        {
            directory.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Whether some process holds a kernel lock on the lock file, read from /proc/locks (taking no lock, not
    /// even for a moment); without it, whether the holder's process is alive, or (no holder known) whether a
    /// non-blocking <c>flock</c> fails.
    /// </summary>
    private bool IsKernelLockHeld(string lockFileId, StateLockHolderInfo? holder)
    {
        var parts = lockFileId.Split(':');
        try
        {
            foreach (var line in File.ReadLines("/proc/locks"))
            {
                var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                var kind = Array.IndexOf(fields, "FLOCK");
                if (kind < 0 || fields.Length < kind + 5 || fields.Contains("->"))
                {
                    continue;
                }

                var device = fields[kind + 4].Split(':');
                if (device.Length == 3
                    && int.TryParse(device[0], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var major)
                    && int.TryParse(device[1], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var minor)
                    && major.ToString(CultureInfo.InvariantCulture) == parts[0]
                    && minor.ToString(CultureInfo.InvariantCulture) == parts[1]
                    && device[2] == parts[2])
                {
                    return true;
                }
            }

            return false;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return holder is null ? IsStillLocked() : IsProcessAlive(holder);
        }
    }

    private static bool IsProcessAlive(StateLockHolderInfo holder)
    {
        if (!string.Equals(holder.Hostname, Environment.MachineName, StringComparison.Ordinal))
        {
            return false;
        }

        try
        {
            using var process = Process.GetProcessById(holder.Pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    private T Guard<T>(string operation, Func<T> action)
    {
        try
        {
            return action();
        }
        catch (FileOperationException ex)
        {
            var message = ex.Errno == LinuxErrno.ELOOP
                ? $"The lock file {_paths.Lock} is a symbolic link; refusing to follow it. Remove the link and retry."
                : ex.Errno == LinuxErrno.EINVAL && operation == "open"
                    ? $"The lock file {_paths.Lock} is not a regular file; remove it and retry."
                    : $"Could not {operation} {ex.Path}: {LinuxErrno.Describe(ex.Errno)}.";
            throw new StateIOException(_paths.State, ex.Operation, ex.Path, ex.Errno, message, ex);
        }
    }

    private void Guard(string operation, Action action) => Guard(operation, () =>
    {
        action();
        return 0;
    });
}
