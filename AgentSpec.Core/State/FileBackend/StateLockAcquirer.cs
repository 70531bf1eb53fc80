using System.Diagnostics;
using AgentSpec.Core.State.Errors;
using AgentSpec.Core.State.FileBackend.FileSystem;
using AgentSpec.Core.Telemetry;
using Microsoft.Extensions.Logging;

namespace AgentSpec.Core.State.FileBackend;

/// <summary>
/// Acquiring the state lock and waiting for it (docs/state.md, "Lock protocol" and "Waiting").
/// <list type="bullet">
/// <item>Exclusion is a kernel <c>flock</c> on the permanent file <c>&lt;state&gt;.lock</c> (0600, never
/// deleted, opened without following links). The kernel drops it when the holder dies.</item>
/// <item>After every successful <c>flock</c> the acquirer checks that the path still names the inode it
/// locked (a breaker may have renamed it aside), else it retries on the new file.</item>
/// <item>A busy lock is waited for in the kernel: a blocking <c>flock</c> on a dedicated thread, woken the
/// moment the holder lets go. Meanwhile the waiter looks at the holder now and then to report progress,
/// honour the lock timeout and judge staleness; a timeout or a cancellation abandons the blocked thread
/// (its descriptor is closed, dropping the lock if it was granted meanwhile).</item>
/// <item>Staleness is judged on the waiter's own monotonic clock, never the holder's: a holder whose
/// information the waiter has seen unchanged for the stale timeout (or a lock no information names for
/// that long) is broken by <see cref="StateLockInspector.TryBreakStale"/>.</item>
/// <item>The new holder writes its information, naming the inode it locked; information naming another
/// inode is left over from a broken lock and ignored. Kernel lock free but information naming someone
/// else: that holder died; warn and proceed.</item>
/// </list>
/// </summary>
internal sealed class StateLockAcquirer
{
    private static readonly TimeSpan NoticeInterval = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan LongestLook = TimeSpan.FromMilliseconds(250);

    private readonly StateFilePaths _paths;
    private readonly IStateFileSystem _fileSystem;
    private readonly StateLockInfoFile _info;
    private readonly StateLockInspector _inspector;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;

    public StateLockAcquirer(StateFilePaths paths, IStateFileSystem fileSystem, StateLockInfoFile info, StateLockInspector inspector, ILogger logger, TimeProvider time)
    {
        _paths = paths;
        _fileSystem = fileSystem;
        _info = info;
        _inspector = inspector;
        _logger = logger;
        _time = time;
    }

    public async Task<StateLease> AcquireAsync(StateLockOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        using var activity = StateTelemetry.StartActivity(StateTelemetry.LockAcquireSpan, _paths.State);
        activity?.SetTag("state.lock.operation", options.Operation);
        var started = _time.GetTimestamp();
        var watch = new HolderWatch();
        var waitLogged = false;
        var nextNotice = options.WaitNoticeDelay;
        var brokenLockIds = new HashSet<string>(StringComparer.Ordinal);
        IStateLockFile? file = null;
        BlockedWait? blocked = null;
        try
        {
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (file is null)
                {
                    var opened = OpenLockFile();
                    if (Guard("flock", opened.TryLock))
                    {
                        if (TryTake(opened, options, started, brokenLockIds, activity) is { } lease)
                        {
                            return lease;
                        }

                        continue;
                    }

                    file = opened;
                }

                var elapsed = _time.GetElapsedTime(started);
                var now = _time.GetUtcNow();
                var currentLockFileId = _inspector.CurrentLockFileId();
                var holder = _info.Read();
                var identified = holder is not null && currentLockFileId is not null && holder.LockFileId == currentLockFileId;
                watch.Observe(identified ? holder : null, elapsed);

                if (!waitLogged)
                {
                    waitLogged = true;
                    var shown = identified ? holder : null;
                    var described = shown?.DescribeShort() ?? StateLockHolderInfo.Unidentified;
                    StateLog.LockWaitStarted(_logger, _paths.State, described, shown?.Pid, shown?.Hostname, shown?.Operation);
                    activity?.AddEvent(new ActivityEvent("waiting"));
                }

                var unchangedFor = elapsed - watch.Since;
                var broken = currentLockFileId is not null
                    && unchangedFor > options.StaleLockTimeout
                    && _inspector.TryBreakStale(identified ? holder : null, currentLockFileId, identified ? unchangedFor : options.StaleLockTimeout);
                if (broken && identified)
                {
                    brokenLockIds.Add(holder!.LockId);
                }

                if (broken || currentLockFileId != file.Id)
                {
                    // The file we wait on was renamed aside (by this break or another) or replaced: wait on the current one.
                    Release(ref file, ref blocked);
                    continue;
                }

                if (elapsed >= options.LockTimeout)
                {
                    var named = identified ? holder : watch.LastHolder;
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

                // Sleep in the kernel until the holder lets go, or until it is time to look again.
                blocked ??= BlockedWait.Start(file);
                var look = Min(LongestLook, options.StaleLockTimeout / 4, options.LockTimeout - elapsed);
                if (options.WaitProgress is not null)
                {
                    look = Min(look, nextNotice - elapsed);
                }

                using var lookAgain = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                var delay = Task.Delay(look > TimeSpan.FromMilliseconds(1) ? look : TimeSpan.FromMilliseconds(1), _time, lookAgain.Token);
                var woken = await Task.WhenAny(blocked.Locked, delay);
                await lookAgain.CancelAsync();
                if (woken != blocked.Locked)
                {
                    continue;
                }

                var granted = await blocked.Locked;
                var locked = file;
                (file, blocked) = (null, null);
                if (!granted)
                {
                    locked.Dispose();
                    continue;
                }

                if (TryTake(locked, options, started, brokenLockIds, activity) is { } taken)
                {
                    return taken;
                }
            }
        }
        finally
        {
            Release(ref file, ref blocked);
        }
    }

    /// <summary>Gives up a lock file being waited on: abandons the blocked thread, or just closes the file.</summary>
    private static void Release(ref IStateLockFile? file, ref BlockedWait? blocked)
    {
        if (blocked is not null)
        {
            blocked.Abandon();
        }
        else
        {
            file?.Dispose();
        }

        (file, blocked) = (null, null);
    }

    /// <summary>Completes the acquisition on a locked file, or returns null (file closed) when the path no longer names it.</summary>
    private StateLease? TryTake(IStateLockFile file, StateLockOptions options, long started, HashSet<string> brokenLockIds, Activity? activity)
    {
        try
        {
            if (_inspector.CurrentLockFileId() != file.Id)
            {
                // The file we locked was renamed aside (lock broken) or replaced: lock the current one.
                file.Dispose();
                return null;
            }

            var lease = OnAcquired(file, options, started, brokenLockIds, activity);
            return lease;
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    private StateLease OnAcquired(IStateLockFile file, StateLockOptions options, long started, HashSet<string> brokenLockIds, Activity? activity)
    {
        var now = _time.GetUtcNow();
        var previous = _info.Read();
        if (previous is not null && !brokenLockIds.Contains(previous.LockId))
        {
            // The kernel lock was free, so whoever wrote this is gone (killed, crashed, or broken earlier).
            var age = now > previous.Renewed ? now - previous.Renewed : TimeSpan.Zero;
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
            LockFileId = file.Id,
        };
        _info.RemoveLeftoverTemps();
        _info.Write(holder);
        _inspector.RemoveAbandonedBrokenLockFiles();

        var waited = _time.GetElapsedTime(started);
        StateLog.LockAcquired(_logger, _paths.State, holder.Pid, holder.LockId, waited.TotalMilliseconds);
        StateTelemetry.LockWaitDuration.Record(waited.TotalMilliseconds, new KeyValuePair<string, object?>("outcome", "acquired"));
        activity?.SetTag("state.lock.id", holder.LockId);
        activity?.SetTag("state.lock.wait_ms", waited.TotalMilliseconds);
        return new StateLease(_paths, _fileSystem, _info, _inspector, _logger, _time, file, holder, waited, options.StaleLockTimeout / 3);
    }

    private IStateLockFile OpenLockFile()
    {
        try
        {
            return _fileSystem.OpenLockFile(_paths.Lock, create: true)!;
        }
        catch (FileOperationException ex)
        {
            var message = ex.Errno == LinuxErrno.ELOOP
                ? $"The lock file {_paths.Lock} is a symbolic link; refusing to follow it. Remove the link and retry."
                : ex.Errno == LinuxErrno.EINVAL
                    ? $"The lock file {_paths.Lock} is not a regular file; remove it and retry."
                    : $"Could not open the lock file {_paths.Lock}: {LinuxErrno.Describe(ex.Errno)}.";
            throw new StateIOException(_paths.State, "open", _paths.Lock, ex.Errno, message, ex);
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
            throw new StateIOException(_paths.State, operation, ex.Path, ex.Errno, $"Could not lock {_paths.Lock}: {LinuxErrno.Describe(ex.Errno)}.", ex);
        }
    }

    private static TimeSpan Min(params ReadOnlySpan<TimeSpan> values)
    {
        var min = TimeSpan.MaxValue;
        foreach (var value in values)
        {
            min = value < min ? value : min;
        }

        return min;
    }

    /// <summary>How long, on the waiter's own clock, the holder information has stayed the same.</summary>
    private sealed class HolderWatch
    {
        private string? _lockId;
        private DateTimeOffset _renewed;
        private bool _watching;

        /// <summary>Waiter time at which the current observation began.</summary>
        public TimeSpan Since { get; private set; }

        /// <summary>The last identified holder seen, for the timeout message once it is gone.</summary>
        public StateLockHolderInfo? LastHolder { get; private set; }

        public void Observe(StateLockHolderInfo? holder, TimeSpan elapsed)
        {
            if (holder is not null)
            {
                LastHolder = holder;
            }

            if (!_watching || holder?.LockId != _lockId || (holder is not null && holder.Renewed != _renewed))
            {
                _watching = true;
                _lockId = holder?.LockId;
                _renewed = holder?.Renewed ?? default;
                Since = elapsed;
            }
        }
    }

    /// <summary>
    /// A blocking <c>flock</c> on a dedicated background thread. <see cref="Abandon"/> closes the descriptor:
    /// the thread keeps its reference until the call returns, so a lock granted after abandoning is dropped at once.
    /// </summary>
    private sealed class BlockedWait
    {
        private readonly TaskCompletionSource<bool> _locked = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _abandoned;

        private BlockedWait(IStateLockFile file) => File = file;

        public IStateLockFile File { get; }

        /// <summary>True when the lock was granted; false when the wait failed.</summary>
        public Task<bool> Locked => _locked.Task;

        public static BlockedWait Start(IStateLockFile file)
        {
            var wait = new BlockedWait(file);
            var thread = new Thread(wait.Run) { IsBackground = true, Name = "state lock wait" };
            thread.Start();
            return wait;
        }

        public void Abandon()
        {
            if (Interlocked.Exchange(ref _abandoned, 1) == 0)
            {
                File.Dispose();
            }
        }

        private void Run()
        {
            try
            {
                File.Lock();
                _locked.TrySetResult(true);
            }
            catch (Exception ex) when (ex is FileOperationException or ObjectDisposedException)
            {
                _locked.TrySetResult(false);
            }
        }
    }
}
