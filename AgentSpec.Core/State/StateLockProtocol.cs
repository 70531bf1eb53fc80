using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using AgentSpec.Core.State.FileSystem;
using AgentSpec.Core.Telemetry;
using Microsoft.Extensions.Logging;

namespace AgentSpec.Core.State;

/// <summary>
/// The state lock (docs/state.md, "Lock protocol"), all of it in this file.
/// <list type="bullet">
/// <item>Exclusion is a kernel <c>flock(LOCK_EX|LOCK_NB)</c> on the permanent file <c>&lt;state&gt;.lock</c>
/// (opened <c>O_NOFOLLOW|O_CLOEXEC</c>, 0600, never deleted). The kernel drops it when the holder dies.</item>
/// <item>After every successful <c>flock</c> the acquirer checks that the path still names the inode it
/// locked (a breaker may have renamed it aside), else it retries.</item>
/// <item>The holder writes <c>&lt;state&gt;.lock.info</c> (temp file + rename) naming itself and the inode
/// it locked, and renews it every stale-timeout/3. Information naming another inode is left over
/// from a broken lock and ignored.</item>
/// <item>A waiter polls with a short backoff (at most 10 ms, so hand-off stays far below 50 ms) until the
/// lock timeout. A holder that has not renewed for the stale timeout is broken: under a short
/// directory <c>flock</c> (so two waiters never break twice) the waiter re-checks, renames the lock file
/// aside as <c>&lt;state&gt;.lock.broken-…</c> and locks a fresh one. The broken holder's fencing check
/// then fails, so it can never commit.</item>
/// <item>Kernel lock free but information naming someone else: the holder died; warn and proceed.</item>
/// <item>Release removes the information first (only if it is still ours), then drops the kernel lock.</item>
/// </list>
/// </summary>
internal sealed class StateLockProtocol
{
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromMilliseconds(10);
    private static readonly TimeSpan NoticeInterval = TimeSpan.FromSeconds(1);

    private readonly StateFilePaths _paths;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;

    public StateLockProtocol(StateFilePaths paths, ILogger logger, TimeProvider time)
    {
        _paths = paths;
        _logger = logger;
        _time = time;
    }

    public async Task<Lease> AcquireAsync(StateLockOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        using var activity = StateTelemetry.StartActivity(StateTelemetry.LockAcquireSpan, _paths.State);
        activity?.SetTag("state.lock.operation", options.Operation);
        var started = _time.GetTimestamp();
        var backoff = TimeSpan.FromMilliseconds(1);
        var waitLogged = false;
        var nextNotice = options.WaitNoticeDelay;
        TimeSpan? unidentifiedSince = null;
        StateLockHolderInfo? lastHolder = null;
        var brokenLockIds = new HashSet<string>(StringComparer.Ordinal);

        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var fd = OpenLockFile();
            var handedOver = false;
            try
            {
                if (LibC.Flock(fd, LibC.LOCK_EX | LibC.LOCK_NB) == 0)
                {
                    var locked = NativeStat.OfDescriptor(fd, _paths.Lock);
                    if (NativeStat.OfPath(_paths.Lock)?.Id != locked.Id)
                    {
                        // The file we locked was renamed aside (lock broken) or replaced: lock the current one.
                        continue;
                    }

                    var lease = OnAcquired(fd, locked.Id, options, started, brokenLockIds, activity);
                    handedOver = true;
                    return lease;
                }

                var errno = LibC.LastError;
                if (errno is not (Errors.EAGAIN or Errors.EINTR))
                {
                    throw new StateIOException(_paths.State, "flock", _paths.Lock, errno, $"Could not lock {_paths.Lock}: {Errors.Describe(errno)}.");
                }
            }
            finally
            {
                if (!handedOver)
                {
                    _ = LibC.Close(fd);
                }
            }

            var elapsed = _time.GetElapsedTime(started);
            var now = _time.GetUtcNow();
            var currentLockFileId = NativeStat.OfPath(_paths.Lock)?.Id;
            var holder = ReadHolder();
            var identified = holder is not null && currentLockFileId is not null && holder.LockFileId == currentLockFileId;
            if (identified)
            {
                lastHolder = holder;
                unidentifiedSince = null;
            }
            else
            {
                unidentifiedSince ??= elapsed;
            }

            if (!waitLogged)
            {
                waitLogged = true;
                var shown = identified ? holder : null;
                var described = shown?.DescribeShort() ?? StateLockHolderInfo.Unidentified;
                StateLog.LockWaitStarted(_logger, _paths.State, described, shown?.Pid, shown?.Hostname, shown?.Operation);
                activity?.AddEvent(new ActivityEvent("waiting"));
            }

            var stale = identified
                ? now - holder!.Renewed > options.StaleLockTimeout
                : elapsed - unidentifiedSince!.Value > options.StaleLockTimeout;
            if (stale && currentLockFileId is not null && TryBreakStale(identified ? holder : null, currentLockFileId, options.StaleLockTimeout))
            {
                if (identified)
                {
                    brokenLockIds.Add(holder!.LockId);
                }

                continue;
            }

            if (elapsed >= options.LockTimeout)
            {
                var named = identified ? holder : lastHolder;
                var described = named?.DescribeShort() ?? StateLockHolderInfo.Unidentified;
                StateLog.LockTimeout(_logger, _paths.State, described, named?.Pid, elapsed.TotalMilliseconds);
                StateTelemetry.LockWaitDuration.Record(elapsed.TotalMilliseconds, new KeyValuePair<string, object?>("outcome", "timeout"));
                activity?.SetStatus(ActivityStatusCode.Error, "lock timeout");
                throw new StateLockTimeoutException(_paths.State, named, elapsed, now);
            }

            if (options.WaitProgress is not null && elapsed >= nextNotice)
            {
                nextNotice = elapsed + NoticeInterval;
                options.WaitProgress.Report(new StateLockWaiting(_paths.State, identified ? holder : null, elapsed, now));
            }

            var delay = backoff;
            var remaining = options.LockTimeout - elapsed;
            if (remaining < delay)
            {
                delay = remaining > TimeSpan.Zero ? remaining : TimeSpan.FromMilliseconds(1);
            }

            await Task.Delay(delay, _time, cancellationToken);
            backoff = backoff * 2 > MaxBackoff ? MaxBackoff : backoff * 2;
        }
    }

    /// <summary>The holder information, or null when there is none or it cannot be read.</summary>
    public StateLockHolderInfo? ReadHolder()
    {
        try
        {
            var bytes = LinuxStateFileSystem.Instance.ReadAll(_paths.LockInfo);
            var holder = bytes is null || bytes.Length == 0
                ? null
                : JsonSerializer.Deserialize(bytes, StateJsonContext.Default.StateLockHolderInfo);
            return holder is { IsComplete: true } ? holder : null;
        }
        catch (JsonException)
        {
            return null;
        }
        catch (FileOperationException)
        {
            return null;
        }
    }

    /// <summary>
    /// The lock as seen without taking it (for <c>state status</c>): held by an identified holder, held by
    /// an unidentified one (the kernel lock is held but no information names the current lock file),
    /// information left over by a holder that is gone, or null when the lock is free and nothing is left over.
    /// </summary>
    public StateLockStatus? GetStatus()
    {
        var now = _time.GetUtcNow();
        var current = NativeStat.OfPath(_paths.Lock)?.Id;
        var holder = ReadHolder();
        var identified = holder is not null && current is not null && holder.LockFileId == current;
        var held = current is not null && IsKernelLockHeld(current, identified ? holder : null);
        if (identified)
        {
            return new StateLockStatus(_paths.Lock, holder, held, now - holder!.Renewed);
        }

        if (held)
        {
            return new StateLockStatus(_paths.Lock, null, true, null);
        }

        return holder is null ? null : new StateLockStatus(_paths.Lock, holder, false, now - holder.Renewed);
    }

    /// <summary>Breaks the lock held under <paramref name="lockId"/> (<c>state unlock --force</c>).</summary>
    public StateLockHolderInfo ForceUnlock(string lockId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(lockId);
        var holder = ReadHolder();
        if (holder is null || !string.Equals(holder.LockId, lockId, StringComparison.Ordinal))
        {
            throw new StateLockIdMismatchException(_paths.State, lockId, holder);
        }

        using var guard = BreakGuard.Take(_paths.Directory, wait: true);
        var again = ReadHolder();
        if (again is null || !string.Equals(again.LockId, lockId, StringComparison.Ordinal))
        {
            throw new StateLockIdMismatchException(_paths.State, lockId, again);
        }

        var brokenAs = "(nothing to move: its lock file was already replaced)";
        var current = NativeStat.OfPath(_paths.Lock)?.Id;
        if (current is not null && current == again.LockFileId)
        {
            brokenAs = MoveLockFileAside(StateFilePaths.BrokenByForce);
        }

        RemoveInfoIfItNames(again.LockId);
        StateLog.ForceUnlocked(_logger, _paths.State, again.LockId, again.Pid, again.Hostname, brokenAs);
        StateTelemetry.StaleLockRecoveries.Add(1, new KeyValuePair<string, object?>(StateTelemetry.StaleKindTag, "forced"));
        return again;
    }

    private Lease OnAcquired(int fd, string lockFileId, StateLockOptions options, long started, HashSet<string> brokenLockIds, Activity? activity)
    {
        var now = _time.GetUtcNow();
        var previous = ReadHolder();
        if (previous is not null && !brokenLockIds.Contains(previous.LockId))
        {
            // The kernel lock was free, so whoever wrote this is gone (killed, crashed, or broken earlier).
            var age = now - previous.Renewed;
            var shownAge = StateDurations.Format(age);
            StateLog.StaleLockRecovered(_logger, _paths.State, previous.Pid, shownAge, age.TotalMilliseconds, previous.Hostname, previous.LockId);
            StateTelemetry.StaleLockRecoveries.Add(1, new KeyValuePair<string, object?>(StateTelemetry.StaleKindTag, "dead"));
        }

        var holder = new StateLockHolderInfo
        {
            LockId = Guid.NewGuid().ToString("N"),
            Pid = Environment.ProcessId,
            Hostname = Environment.MachineName,
            User = Environment.UserName,
            Operation = options.Operation,
            Created = now,
            Renewed = now,
            LockFileId = lockFileId,
        };
        RemoveLeftoverInfoTemps();
        WriteInfo(holder);
        RemoveAbandonedBrokenLockFiles();

        var waited = _time.GetElapsedTime(started);
        StateLog.LockAcquired(_logger, _paths.State, holder.Pid, holder.LockId, waited.TotalMilliseconds);
        StateTelemetry.LockWaitDuration.Record(waited.TotalMilliseconds, new KeyValuePair<string, object?>("outcome", "acquired"));
        activity?.SetTag("state.lock.id", holder.LockId);
        activity?.SetTag("state.lock.wait_ms", waited.TotalMilliseconds);
        return new Lease(this, fd, lockFileId, holder, waited, options.StaleLockTimeout / 3);
    }

    private bool TryBreakStale(StateLockHolderInfo? holder, string lockFileId, TimeSpan staleTimeout)
    {
        using var guard = BreakGuard.Take(_paths.Directory, wait: false);
        if (guard is null)
        {
            // Another waiter is breaking it right now.
            return false;
        }

        if (NativeStat.OfPath(_paths.Lock)?.Id != lockFileId)
        {
            return false;
        }

        var now = _time.GetUtcNow();
        var again = ReadHolder();
        if (holder is not null)
        {
            if (again is null || again.LockId != holder.LockId || now - again.Renewed <= staleTimeout)
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
            RemoveInfoIfItNames(again.LockId);
        }

        var age = again is null ? staleTimeout : now - again.Renewed;
        var staleHolder = again is null ? StateLockHolderInfo.Unidentified : $"PID {again.Pid} on {again.Hostname} (lock id {again.LockId})";
        var shownAge = StateDurations.Format(age);
        StateLog.StaleLockBroken(_logger, _paths.State, staleHolder, again?.Pid, shownAge, age.TotalMilliseconds, again?.Hostname, again?.LockId, brokenAs);
        StateTelemetry.StaleLockRecoveries.Add(1, new KeyValuePair<string, object?>(StateTelemetry.StaleKindTag, "broken"));
        return true;
    }

    private bool IsStillLocked()
    {
        var fd = OpenLockFile();
        try
        {
            if (LibC.Flock(fd, LibC.LOCK_EX | LibC.LOCK_NB) == 0)
            {
                _ = LibC.Flock(fd, LibC.LOCK_UN);
                return false;
            }

            return true;
        }
        finally
        {
            _ = LibC.Close(fd);
        }
    }

    private string MoveLockFileAside(string how)
    {
        var brokenAs = _paths.BrokenLock(_time.GetUtcNow(), how);
        if (LibC.Rename(_paths.Lock, brokenAs) != 0)
        {
            var errno = LibC.LastError;
            throw new StateIOException(_paths.State, "rename", _paths.Lock, errno, $"Could not move the lock file {_paths.Lock} aside to break the lock: {Errors.Describe(errno)}.");
        }

        return brokenAs;
    }

    private void RemoveInfoIfItNames(string lockId)
    {
        var info = ReadHolder();
        if (info is not null && string.Equals(info.LockId, lockId, StringComparison.Ordinal))
        {
            _ = LibC.Unlink(_paths.LockInfo);
        }
    }

    /// <summary>Holder information temp files left by a process that died between writing and renaming one.</summary>
    private void RemoveLeftoverInfoTemps()
    {
        foreach (var leftover in LinuxStateFileSystem.Instance.ListFiles(_paths.Directory, _paths.LockInfoTempPrefix))
        {
            _ = LibC.Unlink(leftover);
        }
    }

    /// <summary>Lock files renamed aside by a break are deleted once their holder is gone (its kernel lock is free).</summary>
    private void RemoveAbandonedBrokenLockFiles()
    {
        foreach (var broken in LinuxStateFileSystem.Instance.ListFiles(_paths.Directory, _paths.BrokenLockPrefix))
        {
            var fd = LibC.Open(broken, LibC.O_RDWR | LibC.O_NOFOLLOW | LibC.O_CLOEXEC, 0);
            if (fd < 0)
            {
                continue;
            }

            try
            {
                if (LibC.Flock(fd, LibC.LOCK_EX | LibC.LOCK_NB) == 0)
                {
                    _ = LibC.Unlink(broken);
                }
            }
            finally
            {
                _ = LibC.Close(fd);
            }
        }
    }

    private int OpenLockFile()
    {
        var fd = LibC.Open(_paths.Lock, LibC.O_RDWR | LibC.O_CREAT | LibC.O_NOFOLLOW | LibC.O_CLOEXEC, LibC.Mode0600);
        if (fd < 0)
        {
            var errno = LibC.LastError;
            var message = errno == Errors.ELOOP
                ? $"The lock file {_paths.Lock} is a symbolic link; refusing to follow it. Remove the link and retry."
                : $"Could not open the lock file {_paths.Lock}: {Errors.Describe(errno)}.";
            throw new StateIOException(_paths.State, "open", _paths.Lock, errno, message);
        }

        StateFileInfo info;
        try
        {
            info = NativeStat.OfDescriptor(fd, _paths.Lock);
        }
        catch (FileOperationException ex)
        {
            _ = LibC.Close(fd);
            throw new StateIOException(_paths.State, "fstat", _paths.Lock, ex.Errno, ex.Message, ex);
        }

        if (!info.IsRegularFile)
        {
            _ = LibC.Close(fd);
            throw new StateIOException(_paths.State, "open", _paths.Lock, Errors.EINVAL, $"The lock file {_paths.Lock} is not a regular file; remove it and retry.");
        }

        return fd;
    }

    private void WriteInfo(StateLockHolderInfo holder)
    {
        var fileSystem = LinuxStateFileSystem.Instance;
        var temp = _paths.NewLockInfoTemp();
        var bytes = JsonSerializer.SerializeToUtf8Bytes(holder, StateJsonContext.Default.StateLockHolderInfo);
        IStateFileHandle? handle = null;
        try
        {
            handle = fileSystem.CreateExclusive(temp);
            fileSystem.Write(handle, bytes);
            var open = handle;
            handle = null;
            fileSystem.Close(open);
            fileSystem.Rename(temp, _paths.LockInfo);
        }
        catch (FileOperationException ex)
        {
            if (handle is not null)
            {
                TryClose(fileSystem, handle);
            }

            _ = LibC.Unlink(temp);
            throw new StateIOException(_paths.State, ex.Operation, ex.Path, ex.Errno, $"Could not write the lock information {_paths.LockInfo}: {ex.Message}.", ex);
        }
    }

    private static void TryClose(LinuxStateFileSystem fileSystem, IStateFileHandle handle)
    {
        try
        {
            fileSystem.Close(handle);
        }
        catch (FileOperationException)
        {
        }
    }

    /// <summary>
    /// Whether some process holds a kernel lock on the lock file, read from /proc/locks; without it, whether
    /// the holder's process is alive, or (no holder known) whether a non-blocking <c>flock</c> fails.
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
        catch (IOException)
        {
            return holder is null ? IsLockFileBusy() : IsProcessAlive(holder);
        }
        catch (UnauthorizedAccessException)
        {
            return holder is null ? IsLockFileBusy() : IsProcessAlive(holder);
        }
    }

    /// <summary>Probes the existing lock file with a non-blocking <c>flock</c> (released at once); never creates it.</summary>
    private bool IsLockFileBusy()
    {
        var fd = LibC.Open(_paths.Lock, LibC.O_RDONLY | LibC.O_NOFOLLOW | LibC.O_CLOEXEC, 0);
        if (fd < 0)
        {
            return false;
        }

        try
        {
            if (LibC.Flock(fd, LibC.LOCK_EX | LibC.LOCK_NB) == 0)
            {
                _ = LibC.Flock(fd, LibC.LOCK_UN);
                return false;
            }

            return LibC.LastError is Errors.EAGAIN;
        }
        finally
        {
            _ = LibC.Close(fd);
        }
    }

    private static bool IsProcessAlive(StateLockHolderInfo holder) =>
        string.Equals(holder.Hostname, Environment.MachineName, StringComparison.Ordinal)
        && (LibC.Kill(holder.Pid, 0) == 0 || LibC.LastError == Errors.EPERM);

    /// <summary>
    /// The held lock: the locked descriptor, the lease renewal timer, the fencing check and the release.
    /// </summary>
    internal sealed class Lease : IDisposable
    {
        private readonly StateLockProtocol _protocol;
        private readonly object _gate = new();
        private readonly ITimer _renewal;
        private readonly long _acquiredAt;
        private int _fd;
        private bool _released;
        private bool _lost;

        public Lease(StateLockProtocol protocol, int fd, string lockFileId, StateLockHolderInfo holder, TimeSpan waited, TimeSpan renewEvery)
        {
            _protocol = protocol;
            _fd = fd;
            LockFileId = lockFileId;
            Holder = holder;
            Waited = waited;
            _acquiredAt = protocol._time.GetTimestamp();
            _renewal = protocol._time.CreateTimer(_ => Renew(), null, renewEvery, renewEvery);
        }

        public string LockFileId { get; }

        public StateLockHolderInfo Holder { get; private set; }

        public TimeSpan Waited { get; }

        /// <summary>
        /// After a failed <see cref="IsCurrent"/>: how the lock was broken, told by the name our lock file was
        /// renamed to (<see cref="StateFilePaths.BrokenLock"/>); <see cref="StateLockLoss.Broken"/> when it cannot be found.
        /// </summary>
        public StateLockLoss DescribeLoss()
        {
            var paths = _protocol._paths;
            try
            {
                foreach (var broken in LinuxStateFileSystem.Instance.ListFiles(paths.Directory, paths.BrokenLockPrefix))
                {
                    if (NativeStat.OfPath(broken)?.Id != LockFileId)
                    {
                        continue;
                    }

                    // <stamp>-<how>-<hex>; the stamp has no '-'.
                    var parts = Path.GetFileName(broken)[paths.BrokenLockPrefix.Length..].Split('-');
                    return parts.Length == 3
                        ? parts[1] switch
                        {
                            StateFilePaths.BrokenAsStale => StateLockLoss.BrokenAsStale,
                            StateFilePaths.BrokenByForce => StateLockLoss.ForceUnlocked,
                            _ => StateLockLoss.Broken,
                        }
                        : StateLockLoss.Broken;
                }
            }
            catch (FileOperationException)
            {
            }

            return StateLockLoss.Broken;
        }

        /// <summary>Fencing: the lock path still names the inode we hold the kernel lock on.</summary>
        public bool IsCurrent()
        {
            lock (_gate)
            {
                return !_released && !_lost && IsPathOurs();
            }
        }

        public void Dispose()
        {
            lock (_gate)
            {
                if (_released)
                {
                    return;
                }

                _released = true;
            }

            _renewal.Dispose();
            var paths = _protocol._paths;
            try
            {
                if (IsPathOurs())
                {
                    _protocol.RemoveInfoIfItNames(Holder.LockId);
                }
            }
            catch (FileOperationException)
            {
                // Leftover information is recovered (with a warning) by the next holder.
            }

            // Closing the descriptor drops the kernel lock.
            _ = LibC.Close(_fd);
            _fd = -1;
            var held = _protocol._time.GetElapsedTime(_acquiredAt);
            StateLog.LockReleased(_protocol._logger, paths.State, Holder.Pid, Holder.LockId, held.TotalMilliseconds);
            StateTelemetry.LockHoldDuration.Record(held.TotalMilliseconds);
        }

        private void Renew()
        {
            lock (_gate)
            {
                if (_released || _lost)
                {
                    return;
                }

                try
                {
                    if (!IsPathOurs())
                    {
                        // Broken while we were hung: never write information over the new holder's.
                        _lost = true;
                        return;
                    }

                    var renewed = Holder with { Renewed = _protocol._time.GetUtcNow() };
                    _protocol.WriteInfo(renewed);
                    Holder = renewed;
                }
                catch (Exception ex) when (ex is StateIOException or FileOperationException)
                {
                    StateLog.LockRenewalFailed(_protocol._logger, _protocol._paths.State, Holder.LockId, ex.Message);
                }
            }
        }

        private bool IsPathOurs() => NativeStat.OfPath(_protocol._paths.Lock)?.Id == LockFileId;
    }

    /// <summary>A short directory <c>flock</c> that serialises lock breakers (never taken by healthy holders).</summary>
    private sealed class BreakGuard : IDisposable
    {
        private int _fd;

        private BreakGuard(int fd) => _fd = fd;

        public static BreakGuard? Take(string directory, bool wait)
        {
            var fd = LibC.Open(directory, LibC.O_RDONLY | LibC.O_DIRECTORY | LibC.O_CLOEXEC, 0);
            if (fd < 0)
            {
                var errno = LibC.LastError;
                throw new StateIOException(directory, "open directory", directory, errno, $"Could not open {directory}: {Errors.Describe(errno)}.");
            }

            var operation = wait ? LibC.LOCK_EX : LibC.LOCK_EX | LibC.LOCK_NB;
            while (LibC.Flock(fd, operation) != 0)
            {
                var errno = LibC.LastError;
                if (errno == Errors.EINTR)
                {
                    continue;
                }

                _ = LibC.Close(fd);
                if (errno == Errors.EAGAIN)
                {
                    return null;
                }

                throw new StateIOException(directory, "flock", directory, errno, $"Could not lock {directory}: {Errors.Describe(errno)}.");
            }

            return new BreakGuard(fd);
        }

        public void Dispose()
        {
            if (_fd >= 0)
            {
                _ = LibC.Close(_fd);
                _fd = -1;
            }
        }
    }
}
