using System.Collections.Concurrent;
using AgentSpec.AppHost.Redis;
using AgentSpec.IntegrationTests.Infrastructure;
using AgentSpec.IntegrationTests.Runtime;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;

namespace AgentSpec.IntegrationTests;

/// <summary>
/// Integration test 5: chat turns keep flowing through both replicas while <c>redis</c> is restarted through
/// the app model (the dashboard's Restart). Every turn the runtime acknowledged is in the history afterwards,
/// exactly once and whole; a turn that failed during the outage is either absent or whole, never partial.
/// </summary>
[Collection(AppHostTestGroup.Name)]
public sealed class SessionsSurviveRedisRestartTests
{
    private const int Writers = 4;
    private const int AcknowledgedBeforeRestart = 40;
    private const int AcknowledgedAfterRestartPerWriter = 5;
    private readonly AgentSpecAppFixture _fixture;

    public SessionsSurviveRedisRestartTests(AgentSpecAppFixture fixture)
    {
        _fixture = fixture;
    }

    [Fact]
    public async Task Every_acknowledged_turn_survives_a_redis_restart_through_the_app_model()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(6));
        using var first = _fixture.CreateRuntimeClient(_fixture.RuntimeReplicas[0]);
        using var second = _fixture.CreateRuntimeClient(_fixture.RuntimeReplicas[1]);
        RuntimeApi[] replicas = [new(first), new(second)];
        var agent = TestAgent.UniqueName("restart");
        await replicas[0].DeployAgentAsync(TestAgent.Create(agent), cts.Token);
        var session = await replicas[0].CreateSessionAsync(agent, cts.Token);

        var acknowledged = new ConcurrentBag<string>();
        var restarted = false;
        var acknowledgedAfterRestart = new int[Writers];
        using var stopWriting = CancellationTokenSource.CreateLinkedTokenSource(cts.Token);
        var writers = Enumerable.Range(0, Writers).Select(writer => Task.Run(async () =>
        {
            for (var n = 0; !stopWriting.IsCancellationRequested; n++)
            {
                var message = $"writer {writer} turn {n:D5}";
                using var attempt = CancellationTokenSource.CreateLinkedTokenSource(stopWriting.Token);
                attempt.CancelAfter(TimeSpan.FromSeconds(30));
                string? reply;
                try
                {
                    reply = await replicas[(writer + n) % 2].TrySendAsync(agent, session, message, attempt.Token);
                }
                catch (OperationCanceledException) when (stopWriting.IsCancellationRequested)
                {
                    // The test has what it needs; a turn cut off here was never acknowledged.
                    break;
                }

                if (reply is not null)
                {
                    Assert.Equal($"[offline model] {agent} received: {message}", reply);
                    acknowledged.Add(message);
                    if (Volatile.Read(ref restarted))
                    {
                        Interlocked.Increment(ref acknowledgedAfterRestart[writer]);
                    }
                }
                else
                {
                    // Not acknowledged (Redis is down): back off a little rather than spin.
                    await Task.Delay(100, CancellationToken.None);
                }
            }
        }, CancellationToken.None)).ToArray();

        await WaitUntilAsync(() => acknowledged.Count >= AcknowledgedBeforeRestart, writers, cts.Token);
        var (pidBefore, pidAfter) = await _fixture.RestartRedisAsync(cts.Token);
        Assert.NotEqual(pidBefore, pidAfter);
        Volatile.Write(ref restarted, true);
        await WaitUntilAsync(() => Enumerable.Range(0, Writers).All(w => Volatile.Read(ref acknowledgedAfterRestart[w]) >= AcknowledgedAfterRestartPerWriter), writers, cts.Token);
        await stopWriting.CancelAsync();
        await Task.WhenAll(writers);

        var history = await replicas[1].AllMessagesAsync(agent, session, cts.Token);
        var stored = ChatHistory.AssertWholeTurns(history, agent).ToHashSet(StringComparer.Ordinal);
        var lost = acknowledged.Where(message => !stored.Contains(message)).ToArray();
        Assert.True(lost.Length == 0, $"{lost.Length} acknowledged turns are missing after the restart, e.g. {string.Join(", ", lost.Take(5))}");

        // Each writer's stored turns keep the order in which that writer sent them.
        for (var writer = 0; writer < Writers; writer++)
        {
            var prefix = $"writer {writer} ";
            var mine = history.Where(m => m.Role == "user" && m.Content.StartsWith(prefix, StringComparison.Ordinal)).Select(m => m.Content).ToArray();
            Assert.Equal(mine.Order(StringComparer.Ordinal), mine);
        }
    }

    private static async Task WaitUntilAsync(Func<bool> condition, Task[] writers, CancellationToken cancellationToken)
    {
        while (!condition())
        {
            if (writers.FirstOrDefault(w => w.IsFaulted) is { } failed)
            {
                await failed;
            }

            await Task.Delay(100, cancellationToken);
        }
    }
}
