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
internal sealed class StateLease : IDisposable
{
    private readonly StateFilePaths _paths;
    private readonly IStateFileSystem _fileSystem;
    private readonly StateLockInfoFile _info;
    private readonly StateLockInspector _inspector;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly IStateLockFile _lockFile;
    private readonly object _gate = new();
    private readonly ITimer _renewal;
    private readonly long _acquiredAt;
    private bool _released;
    private bool _lost;

    public StateLease(
        StateFilePaths paths,
        IStateFileSystem fileSystem,
        StateLockInfoFile info,
        StateLockInspector inspector,
        ILogger logger,
        TimeProvider time,
        IStateLockFile lockFile,
        StateLockHolderInfo holder,
        TimeSpan waited,
        TimeSpan renewEvery)
    {
        _paths = paths;
        _fileSystem = fileSystem;
        _info = info;
        _inspector = inspector;
        _logger = logger;
        _time = time;
        _lockFile = lockFile;
        Holder = holder;
        Waited = waited;
        _acquiredAt = time.GetTimestamp();
        _renewal = time.CreateTimer(_ => Renew(), null, renewEvery, renewEvery);
    }

    public StateLockHolderInfo Holder { get; private set; }

    public TimeSpan Waited { get; }

    /// <summary>Fencing: the lock path still names the inode we hold the kernel lock on.</summary>
    public bool IsCurrent()
    {
        lock (_gate)
        {
            return !_released && !_lost && IsPathOurs();
        }
    }

    /// <summary>After a failed <see cref="IsCurrent"/>: how the lock was broken.</summary>
    public StateLockLoss DescribeLoss() => _inspector.DescribeLoss(_lockFile.Id);

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
        try
        {
            if (IsPathOurs())
            {
                _info.RemoveIfItNames(Holder.LockId);
            }
        }
        finally
        {
            // Closing the descriptor drops the kernel lock, whatever happened above.
            _lockFile.Dispose();
        }

        var held = _time.GetElapsedTime(_acquiredAt);
        StateLog.LockReleased(_logger, _paths.State, Holder.Pid, Holder.LockId, held.TotalMilliseconds);
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

                var renewed = Holder with { Renewed = _time.GetUtcNow() };
                _info.Write(renewed);
                Holder = renewed;
            }
            catch (Exception ex) when (ex is StateIOException or FileOperationException)
            {
                StateLog.LockRenewalFailed(_logger, _paths.State, Holder.LockId, ex.Message);
            }
        }
    }

    private bool IsPathOurs()
    {
        try
        {
            return _fileSystem.GetInfo(_paths.Lock)?.Id == _lockFile.Id;
        }
        catch (FileOperationException)
        {
            return false;
        }
    }
}
