using System.Diagnostics;
using System.Text.Json;
using AgentSpec.Core.State.Format;
using AgentSpec.Core.State.Errors;
using AgentSpec.Core.Telemetry;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace AgentSpec.Core.State.RedisBackend;

/// <summary>
/// Takes the workspace's lock (docs/state.md, "Redis backend": lock): one script sets the lock key with its
/// lease only when it is absent. A busy lock is waited for on the release channel (a holder's release wakes
/// waiters at once), with the lease's remaining time and the progress interval as the fallback. A holder
/// record left without its lock key lost its lease without releasing: the taker warns (StateStaleLockBroken).
/// </summary>
internal sealed class RedisStateLockAcquirer(RedisStateServer server, RedisStateBackendOptions backendOptions, ILogger logger, TimeProvider time)
{
    private static readonly TimeSpan NoticeInterval = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan LongestLook = TimeSpan.FromSeconds(1);

    public static string Serialize(StateLockHolderInfo holder) => JsonSerializer.Serialize(holder, StateJsonContext.Default.StateLockHolderInfo);

    /// <summary>Wakes the waiters of this workspace; losing the message only costs them the fallback delay.</summary>
    public static async Task AnnounceReleaseAsync(RedisStateServer server)
    {
        try
        {
            await server.Connection.GetSubscriber().PublishAsync(server.Keys.Released, "released").ConfigureAwait(false);
        }
        catch (Exception exception) when (RedisStateServer.IsRedisFailure(exception))
        {
        }
    }

    public async Task<RedisStateLease> AcquireAsync(StateLockOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        using var activity = StateTelemetry.StartActivity(StateTelemetry.LockAcquireSpan, server.Location, server.Keys.Workspace);
        activity?.SetTag("state.lock.operation", options.Operation);
        var started = time.GetTimestamp();
        var lease = options.StaleLockTimeout < backendOptions.Lease ? options.StaleLockTimeout : backendOptions.Lease;
        var leaseMs = (long)Math.Ceiling(lease.TotalMilliseconds);
        var now = time.GetUtcNow();
        var holder = StateLockHolderInfo.ForThisProcess(options.Operation, now);

        var keys = server.Keys;
        var wake = new SemaphoreSlim(0);
        Action<RedisChannel, RedisValue> onReleased = (_, _) => wake.Release();
        var subscriber = server.Connection.GetSubscriber();
        var subscribed = false;
        var waitLogged = false;
        var nextNotice = options.WaitNoticeDelay;
        StateLockHolderInfo? lastHolder = null;
        try
        {
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                now = time.GetUtcNow();
                holder = holder with { Created = now, Renewed = now };
                var reply = (RedisResult[])(await server.EvaluateAsync(
                    "lock",
                    RedisStateScripts.Acquire,
                    [keys.Lock, keys.Holder, keys.Broken],
                    [holder.LockId, Serialize(holder), leaseMs, now.ToString("O")],
                    cancellationToken).ConfigureAwait(false))!;
                if ((long)reply[0] == 1)
                {
                    OnAcquired(holder, RedisStateBackend.ParseHolder((string?)reply[1]), (string?)reply[1], now);
                    var waited = time.GetElapsedTime(started);
                    StateLog.LockAcquired(logger, server.Location, holder.Pid, holder.LockId, waited.TotalMilliseconds);
                    StateTelemetry.LockWaitDuration.Record(waited.TotalMilliseconds, Tag("outcome", "acquired"), Tag(StateTelemetry.BackendTag, "redis"), Tag(StateTelemetry.WorkspaceTag, keys.Workspace));
                    activity?.SetTag("state.lock.id", holder.LockId);
                    activity?.SetTag("state.lock.wait_ms", waited.TotalMilliseconds);
                    return new RedisStateLease(server, logger, time, holder, lease, waited);
                }

                var current = RedisStateBackend.ParseHolder((string?)reply[1]);
                var remaining = TimeSpan.FromMilliseconds(Math.Max(1, (long)reply[2]));
                lastHolder = current ?? lastHolder;
                var elapsed = time.GetElapsedTime(started);
                if (!waitLogged)
                {
                    waitLogged = true;
                    var described = current?.DescribeShort() ?? StateLockHolderInfo.Unidentified;
                    StateLog.LockWaitStarted(logger, server.Location, described, current?.Pid, current?.Hostname, current?.Operation);
                    activity?.AddEvent(new ActivityEvent("waiting"));
                }

                if (elapsed >= options.LockTimeout)
                {
                    var named = current ?? lastHolder;
                    StateLog.LockTimeout(logger, server.Location, named?.DescribeShort() ?? StateLockHolderInfo.Unidentified, named?.Pid, elapsed.TotalMilliseconds);
                    StateTelemetry.LockWaitDuration.Record(elapsed.TotalMilliseconds, Tag("outcome", "timeout"), Tag(StateTelemetry.BackendTag, "redis"), Tag(StateTelemetry.WorkspaceTag, keys.Workspace));
                    activity?.SetStatus(ActivityStatusCode.Error, "lock timeout");
                    throw new StateLockTimeoutException(server.Location, named, elapsed, time.GetUtcNow());
                }

                if (options.WaitProgress is not null && elapsed >= nextNotice)
                {
                    nextNotice = elapsed + NoticeInterval;
                    options.WaitProgress.Report(new StateLockWaiting(server.Location, current, elapsed, time.GetUtcNow()));
                }

                if (!subscribed)
                {
                    // Subscribed before looking again, so a release between the look and the wait is not missed.
                    await server.RunAsync("lock", async _ =>
                    {
                        await subscriber.SubscribeAsync(keys.Released, onReleased).ConfigureAwait(false);
                        return true;
                    }, cancellationToken).ConfigureAwait(false);
                    subscribed = true;
                    continue;
                }

                var look = new[] { LongestLook, remaining + TimeSpan.FromMilliseconds(1), options.LockTimeout - elapsed, options.WaitProgress is null ? LongestLook : nextNotice - elapsed }.Min();
                if (look < TimeSpan.FromMilliseconds(1))
                {
                    look = TimeSpan.FromMilliseconds(1);
                }

                await WaitAsync(wake, look, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            if (subscribed)
            {
                try
                {
                    await subscriber.UnsubscribeAsync(keys.Released, onReleased).ConfigureAwait(false);
                }
                catch (Exception exception) when (RedisStateServer.IsRedisFailure(exception))
                {
                }
            }

            wake.Dispose();
        }
    }

    private async Task WaitAsync(SemaphoreSlim wake, TimeSpan look, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var delay = Task.Delay(look, time, timeout.Token);
        var woken = wake.WaitAsync(timeout.Token);
        await Task.WhenAny(delay, woken).ConfigureAwait(false);
        await timeout.CancelAsync().ConfigureAwait(false);
        try
        {
            await Task.WhenAll(delay, woken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            cancellationToken.ThrowIfCancellationRequested();
        }
    }

    private void OnAcquired(StateLockHolderInfo holder, StateLockHolderInfo? leftOver, string? leftOverJson, DateTimeOffset now)
    {
        if (string.IsNullOrEmpty(leftOverJson) || leftOver?.LockId == holder.LockId)
        {
            return;
        }

        // The previous holder's lease ran out without a release: it died or hung (a resumed one is fenced).
        var age = leftOver is not null && now > leftOver.Renewed ? now - leftOver.Renewed : TimeSpan.Zero;
        StateLog.StaleLockBroken(
            logger,
            server.Location,
            leftOver?.DescribeShort() ?? StateLockHolderInfo.Unidentified,
            leftOver?.Pid,
            StateDurations.Format(age),
            age.TotalMilliseconds,
            leftOver?.Hostname,
            leftOver?.LockId,
            server.KeyPath(server.Keys.Broken));
        StateTelemetry.StaleLockRecoveries.Add(1, Tag(StateTelemetry.StaleKindTag, "broken"), Tag(StateTelemetry.BackendTag, "redis"), Tag(StateTelemetry.WorkspaceTag, server.Keys.Workspace));
    }

    private static KeyValuePair<string, object?> Tag(string key, object? value) => new(key, value);
}
