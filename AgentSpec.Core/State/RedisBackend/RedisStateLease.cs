using AgentSpec.Core.State.Errors;
using AgentSpec.Core.Telemetry;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace AgentSpec.Core.State.RedisBackend;

/// <summary>
/// The held lock's lease: the lock key's <c>PX</c>, renewed every third of it by a compare-lock-id script
/// while held, and released by compare-and-delete followed by a message that wakes waiters. A holder that
/// hangs or dies stops renewing; its key expires and the next waiter takes the lock with a warning.
/// </summary>
internal sealed class RedisStateLease : IAsyncDisposable
{
    /// <summary>A release that gets no answer is given up after this: the lease then frees the lock by itself.</summary>
    private static readonly TimeSpan ReleaseTimeout = TimeSpan.FromSeconds(5);

    private readonly RedisStateServer _server;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly long _leaseMs;
    private readonly long _acquiredAt;
    private readonly KeyValuePair<string, object?>[] _tags;
    private readonly SemaphoreSlim _renewing = new(1, 1);
    private ITimer? _renewal;
    private bool _released;

    public RedisStateLease(RedisStateServer server, ILogger logger, TimeProvider time, StateLockHolderInfo holder, TimeSpan lease, TimeSpan waited)
    {
        _server = server;
        _logger = logger;
        _time = time;
        Holder = holder;
        Waited = waited;
        _leaseMs = (long)Math.Ceiling(lease.TotalMilliseconds);
        _acquiredAt = time.GetTimestamp();
        _tags = [new(StateTelemetry.BackendTag, "redis"), new(StateTelemetry.WorkspaceTag, server.Keys.Workspace)];
        var every = lease / 3;
        _renewal = time.CreateTimer(_ => _ = RenewAsync(), null, every, every);
    }

    public StateLockHolderInfo Holder { get; private set; }

    public TimeSpan Waited { get; }

    public long LeaseMilliseconds => _leaseMs;

    public async ValueTask DisposeAsync()
    {
        await _renewing.WaitAsync().ConfigureAwait(false);
        try
        {
            if (_released)
            {
                return;
            }

            _released = true;
            _renewal?.Dispose();
            _renewal = null;
        }
        finally
        {
            _renewing.Release();
        }

        try
        {
            var keys = _server.Keys;
            await _server.Database.ScriptEvaluateAsync(RedisStateScripts.Release, [keys.Lock, keys.Holder], [Holder.LockId, keys.ReleasedChannel]).WaitAsync(ReleaseTimeout, _time).ConfigureAwait(false);
        }
        catch (Exception exception) when (RedisStateServer.IsRedisFailure(exception))
        {
            // The lease runs out by itself: the next holder proceeds after it, with a warning.
            StateLog.BackendUnavailable(_logger, _server.Location, "release", exception.Message);
        }

        var held = _time.GetElapsedTime(_acquiredAt);
        StateLog.LockReleased(_logger, _server.Location, Holder.Pid, Holder.LockId, held.TotalMilliseconds);
        StateTelemetry.LockHoldDuration.Record(held.TotalMilliseconds, _tags);
    }

    private async Task RenewAsync()
    {
        if (!await _renewing.WaitAsync(0).ConfigureAwait(false))
        {
            return;
        }

        try
        {
            if (_released)
            {
                return;
            }

            var renewed = Holder with { Renewed = _time.GetUtcNow() };
            var keys = _server.Keys;
            var result = await _server.Database.ScriptEvaluateAsync(
                RedisStateScripts.Renew,
                [keys.Lock, keys.Holder],
                [Holder.LockId, RedisStateLockAcquirer.Serialize(renewed), _leaseMs]).ConfigureAwait(false);
            if ((long)result == 1)
            {
                Holder = renewed;
            }
            else
            {
                // Taken from us (expired while we were paused, or forced): the commit script refuses us anyway.
                _renewal?.Dispose();
                _renewal = null;
            }
        }
        catch (Exception exception) when (RedisStateServer.IsRedisFailure(exception))
        {
            StateLog.LockRenewalFailed(_logger, _server.Location, Holder.LockId, exception.Message);
        }
        finally
        {
            _renewing.Release();
        }
    }
}
