using AgentSpec.Core.State.Errors;
using AgentSpec.Core.State.FileBackend.FileSystem;
using AgentSpec.Core.Telemetry;
using Microsoft.Extensions.Logging;

namespace AgentSpec.Core.State.FileBackend;

/// <summary>
/// The held state lock (docs/state.md, "Lock protocol"): the locked lock file, the lease renewal and the
/// fencing check. Renewal rewrites <c>&lt;state&gt;.lock.info</c> every stale-timeout/3 while the lock path
/// still names the inode we locked; fencing is exactly that check. Release removes the information (only
/// if it is still ours), then closes the descriptor, which drops the kernel lock.
/// </summary>
/// <remarks>The renewal timer starts with <see cref="StartRenewing"/>, once the holder information is written.</remarks>
internal sealed class StateLease(
    StateFilePaths paths,
    StateLockInfoFile info,
    StateLockInspector inspector,
    ILogger logger,
    TimeProvider time,
    IStateLockFile lockFile,
    StateLockHolderInfo holder,
    TimeSpan waited) : IDisposable
{
    private readonly object _gate = new();
    private readonly long _acquiredAt = time.GetTimestamp();
    private ITimer? _renewal;
    private bool _released;
    private bool _lost;

    public StateLockHolderInfo Holder { get; private set; } = holder;

    public TimeSpan Waited { get; } = waited;

    public void StartRenewing(TimeSpan every) => _renewal = time.CreateTimer(_ => Renew(), null, every, every);

    /// <summary>Fencing: the lock path still names the inode we hold the kernel lock on.</summary>
    public bool IsCurrent()
    {
        lock (_gate)
        {
            return !_released && !_lost && IsPathOurs();
        }
    }

    /// <summary>After a failed <see cref="IsCurrent"/>: how the lock was broken.</summary>
    public StateLockLoss DescribeLoss() => inspector.DescribeLoss(lockFile.Id);

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

        _renewal?.Dispose();
        try
        {
            if (IsPathOurs())
            {
                info.RemoveIfItNames(Holder.LockId);
            }
        }
        finally
        {
            // Closing the descriptor drops the kernel lock, whatever happened above.
            lockFile.Dispose();
        }

        var held = time.GetElapsedTime(_acquiredAt);
        StateLog.LockReleased(logger, paths.State, Holder.Pid, Holder.LockId, held.TotalMilliseconds);
        StateTelemetry.LockHoldDuration.Record(held.TotalMilliseconds, StateTelemetry.FileBackend);
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

                var renewed = Holder with { Renewed = time.GetUtcNow() };
                info.Write(renewed);
                Holder = renewed;
            }
            catch (Exception ex) when (ex is StateIOException or FileOperationException)
            {
                StateLog.LockRenewalFailed(logger, paths.State, Holder.LockId, ex.Message);
            }
        }
    }

    private bool IsPathOurs()
    {
        try
        {
            return inspector.CurrentLockFileId() == lockFile.Id;
        }
        catch (StateIOException)
        {
            return false;
        }
    }
}
