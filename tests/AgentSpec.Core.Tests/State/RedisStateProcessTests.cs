using System.Globalization;
using AgentSpec.Core.State;
using AgentSpec.Core.State.RedisBackend;
using AgentSpec.Core.Tests.Sessions;
using Microsoft.Extensions.Logging.Testing;

namespace AgentSpec.Core.Tests.State;

/// <summary>
/// Acceptance 3 and 4 of the Redis backend with real holder processes (<c>AgentSpec.StateTorture redis-hold</c>):
/// a SIGKILLed holder's lease runs out and the next locker proceeds with the stale-lock warning; a SIGSTOPped
/// holder resumed after another command committed is refused by the server's fence, and the newer state stays.
/// </summary>
[Collection(RealProcessTests.Name)]
public sealed class RedisStateProcessTests : IClassFixture<RedisServerFixture>
{
    private const string LeaseMilliseconds = "1000";

    private readonly RedisServerFixture _redis;
    private readonly string _workspace = "process-" + Guid.NewGuid().ToString("N");
    private readonly FakeLogger<RedisStateBackend> _logger = new();

    public RedisStateProcessTests(RedisServerFixture redis) => _redis = redis;

    private static StateLockOptions Patient => new() { Operation = "test", LockTimeout = TimeSpan.FromSeconds(90) };

    private RedisStateBackend NewBackend() =>
        new(_redis.Connection, new RedisStateBackendOptions { Workspace = _workspace }, _logger, TimeProvider.System);

    private TortureProcess StartHolder() =>
        TortureProcess.Start("redis-hold", _redis.Server.ConnectionString, _workspace, LeaseMilliseconds, "apply");

    [Fact]
    public async Task A_sigkilled_holder_loses_the_lock_when_its_lease_runs_out_and_the_next_locker_warns()
    {
        await using var holder = StartHolder();
        var lockId = (await holder.WaitForLineAsync(line => line.StartsWith("LOCKED ", StringComparison.Ordinal))).Split(' ')[1];
        await holder.KillAsync();

        await using var next = await NewBackend().LockAsync(Patient, CancellationToken.None);
        Assert.NotEqual(lockId, next.Holder.LockId);
        var warning = Assert.Single(_logger.Collector.GetSnapshot(), record => record.Id.Id == 3005);
        Assert.Equal(lockId, warning.StructuredState!.Single(p => p.Key == "stale_lock_id").Value);
        Assert.Equal(holder.Pid.ToString(CultureInfo.InvariantCulture), warning.StructuredState!.Single(p => p.Key == "stale_pid").Value);
        Assert.Contains("Stale lock broken", warning.Message, StringComparison.Ordinal);

        var loaded = await next.LoadAsync(CancellationToken.None);
        Assert.True((await next.CommitAsync(loaded.Document, CancellationToken.None) is { Written: false }));
    }

    [Fact]
    public async Task A_sigstopped_holder_resumed_after_another_commit_is_refused_by_the_server_and_the_newer_state_stays()
    {
        var backend = NewBackend();
        await StateTestSupport.CommitAsyncWith(backend, Patient, doc => doc.Upsert(StateTestSupport.Entry("pkg/Agent/first")));
        await using var holder = StartHolder();
        var locked = await holder.WaitForLineAsync(line => line.StartsWith("LOCKED ", StringComparison.Ordinal));
        Assert.EndsWith(" 1", locked, StringComparison.Ordinal);
        holder.Signal(TortureProcess.SIGSTOP);

        var newer = await StateTestSupport.CommitAsyncWith(backend, Patient, doc => doc.Upsert(StateTestSupport.Entry("pkg/Agent/newer")));
        Assert.Equal(2, newer.Serial);
        Assert.Contains(_logger.Collector.GetSnapshot(), record => record.Id.Id == 3005);

        holder.Signal(TortureProcess.SIGCONT);
        await holder.SendAsync("commit");
        var answer = await holder.WaitForLineAsync(line => line.StartsWith("LOST ", StringComparison.Ordinal) || line.StartsWith("COMMITTED ", StringComparison.Ordinal));
        Assert.StartsWith("LOST Lost the state lock", answer, StringComparison.Ordinal);
        Assert.Contains("broke it as stale", answer, StringComparison.Ordinal);
        await holder.SendAsync("release");
        await holder.WaitForLineAsync(line => line == "RELEASED");

        var state = await NewBackend().ReadAsync(CancellationToken.None);
        Assert.Equal(2, state.Serial);
        Assert.NotNull(state.Find("pkg/Agent/newer"));
        Assert.Null(state.Find("torture/Counter/n"));
        Assert.True((await backend.VerifyAsync(CancellationToken.None)).IsHealthy);

        // The resumed holder's release did not touch the lock of anyone else: it is free now.
        await using var again = await backend.LockAsync(Patient with { LockTimeout = TimeSpan.Zero }, CancellationToken.None);
    }
}
