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
internal sealed class StateLockAcquirer(StateFilePaths paths, IStateFileSystem fileSystem, StateLockInfoFile info, StateLockInspector inspector, ILogger logger, TimeProvider time)
{
    private static readonly TimeSpan NoticeInterval = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan LongestLook = TimeSpan.FromMilliseconds(250);

    public async Task<StateLease> AcquireAsync(StateLockOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        using var activity = StateTelemetry.StartActivity(StateTelemetry.LockAcquireSpan, paths.State);
        activity?.SetTag("state.lock.operation", options.Operation);
        var started = time.GetTimestamp();
        // Staleness on the waiter's own clock: since when it has seen this very holder information (or none).
        (string? LockId, DateTimeOffset Renewed)? watched = null;
        var watchedSince = TimeSpan.Zero;
        StateLockHolderInfo? lastHolder = null;
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
                    if (inspector.Guard("flock", opened.TryLock))
                    {
                        if (TryTake(opened, options, started, brokenLockIds, activity) is { } lease)
                        {
                            return lease;
                        }

                        continue;
                    }

                    file = opened;
                }

                var elapsed = time.GetElapsedTime(started);
                var now = time.GetUtcNow();
                var currentLockFileId = inspector.CurrentLockFileId();
                var holder = info.Read();
                var identified = holder is not null && currentLockFileId is not null && holder.LockFileId == currentLockFileId;
                var seen = identified ? (holder!.LockId, holder.Renewed) : ((string?)null, default(DateTimeOffset));
                if (watched != seen)
                {
                    (watched, watchedSince) = (seen, elapsed);
                }

                lastHolder = identified ? holder : lastHolder;

                if (!waitLogged)
                {
                    waitLogged = true;
                    var shown = identified ? holder : null;
                    var described = shown?.DescribeShort() ?? StateLockHolderInfo.Unidentified;
                    StateLog.LockWaitStarted(logger, paths.State, described, shown?.Pid, shown?.Hostname, shown?.Operation);
                    activity?.AddEvent(new ActivityEvent("waiting"));
                }

                var unchangedFor = elapsed - watchedSince;
                var broken = currentLockFileId is not null
                    && unchangedFor > options.StaleLockTimeout
                    && inspector.TryBreakStale(identified ? holder : null, currentLockFileId, identified ? unchangedFor : options.StaleLockTimeout);
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
                    var named = identified ? holder : lastHolder;
                    var described = named?.DescribeShort() ?? StateLockHolderInfo.Unidentified;
                    StateLog.LockTimeout(logger, paths.State, described, named?.Pid, elapsed.TotalMilliseconds);
                    StateTelemetry.LockWaitDuration.Record(elapsed.TotalMilliseconds, new KeyValuePair<string, object?>("outcome", "timeout"), StateTelemetry.FileBackend);
                    activity?.SetStatus(ActivityStatusCode.Error, "lock timeout");
                    throw new StateLockTimeoutException(paths.State, named, elapsed, now);
                }

                if (options.WaitProgress is not null && elapsed >= nextNotice)
                {
                    nextNotice = elapsed + NoticeInterval;
                    options.WaitProgress.Report(new StateLockWaiting(paths.State, identified ? holder : null, elapsed, now));
                }

                // Sleep in the kernel until the holder lets go, or until it is time to look again.
                blocked ??= BlockedWait.Start(file);
                var look = new[] { LongestLook, options.StaleLockTimeout / 4, options.LockTimeout - elapsed, options.WaitProgress is null ? LongestLook : nextNotice - elapsed }.Min();
                using var lookAgain = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                var delay = Task.Delay(look > TimeSpan.FromMilliseconds(1) ? look : TimeSpan.FromMilliseconds(1), time, lookAgain.Token);
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
            // Otherwise the file we locked was renamed aside (lock broken) or replaced: the caller locks the current one.
            if (inspector.CurrentLockFileId() == file.Id)
            {
                return OnAcquired(file, options, started, brokenLockIds, activity);
            }
        }
        catch
        {
            file.Dispose();
            throw;
        }

        file.Dispose();
        return null;
    }

    private StateLease OnAcquired(IStateLockFile file, StateLockOptions options, long started, HashSet<string> brokenLockIds, Activity? activity)
    {
        var now = time.GetUtcNow();
        var previous = info.Read();
        if (previous is not null && !brokenLockIds.Contains(previous.LockId))
        {
            // The kernel lock was free, so whoever wrote this is gone (killed, crashed, or broken earlier).
            var age = now > previous.Renewed ? now - previous.Renewed : TimeSpan.Zero;
            var shownAge = StateDurations.Format(age);
            StateLog.StaleLockRecovered(logger, paths.State, previous.Pid, shownAge, age.TotalMilliseconds, previous.Hostname, previous.LockId);
            StateTelemetry.StaleLockRecoveries.Add(1, new KeyValuePair<string, object?>(StateTelemetry.StaleKindTag, "dead"), StateTelemetry.FileBackend);
        }

        var holder = StateLockHolderInfo.ForThisProcess(options.Operation, now, file.Id);
        info.RemoveLeftoverTemps();
        info.Write(holder);
        inspector.RemoveAbandonedBrokenLockFiles();

        var waited = time.GetElapsedTime(started);
        StateLog.LockAcquired(logger, paths.State, holder.Pid, holder.LockId, waited.TotalMilliseconds);
        StateTelemetry.LockWaitDuration.Record(waited.TotalMilliseconds, new KeyValuePair<string, object?>("outcome", "acquired"), StateTelemetry.FileBackend);
        activity?.SetTag("state.lock.id", holder.LockId);
        activity?.SetTag("state.lock.wait_ms", waited.TotalMilliseconds);
        var lease = new StateLease(paths, info, inspector, logger, time, file, holder, waited);
        lease.StartRenewing(options.StaleLockTimeout / 3);
        return lease;
    }

    private IStateLockFile OpenLockFile() => inspector.Guard("open", () => fileSystem.OpenLockFile(paths.Lock, create: true)!);

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
