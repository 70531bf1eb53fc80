using AgentSpec.AppHost.Redis;
using AgentSpec.IntegrationTests.Infrastructure;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using StackExchange.Redis;

namespace AgentSpec.IntegrationTests;

/// <summary>
/// Integration test 5 (storage level): the <c>redis</c> resource restarted through the app model (the
/// dashboard's Restart command) keeps every acknowledged write, because the executable server fsyncs its
/// append-only file before it acknowledges.
/// </summary>
[Collection(AppHostTestGroup.Name)]
public sealed class RedisRestartTests
{
    private readonly AgentSpecAppFixture _fixture;

    public RedisRestartTests(AgentSpecAppFixture fixture)
    {
        _fixture = fixture;
    }

    [Fact]
    public async Task Every_acknowledged_write_survives_a_restart_through_the_app_model()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        var connectionString = await _fixture.RedisConnectionStringAsync(cts.Token);
        var prefix = $"it:restart:{Guid.NewGuid():N}:";
        const int Writes = 300;

        var pidBefore = await RedisPidAsync(cts.Token);
        await using (var redis = await ConnectionMultiplexer.ConnectAsync(connectionString))
        {
            var db = redis.GetDatabase();
            await Task.WhenAll(Enumerable.Range(0, Writes).Select(i => db.ListRightPushAsync(prefix + "list", i)));
            for (var i = 0; i < Writes; i++)
            {
                Assert.True(await db.StringSetAsync(prefix + i, i));
            }
        }

        var result = await _fixture.App.ResourceCommands.ExecuteCommandAsync(
            AgentSpecRedisExtensions.ResourceName, KnownResourceCommands.RestartCommand, cts.Token);
        Assert.True(result.Success, $"Restart failed: {result.Message}");
        await _fixture.App.ResourceNotifications.WaitForResourceHealthyAsync(AgentSpecRedisExtensions.ResourceName, cts.Token);
        var pidAfter = await RedisPidAsync(cts.Token);
        Assert.NotEqual(pidBefore, pidAfter);

        await using (var redis = await ConnectionMultiplexer.ConnectAsync(connectionString))
        {
            var db = redis.GetDatabase();
            var list = await db.ListRangeAsync(prefix + "list");
            Assert.Equal(Enumerable.Range(0, Writes), list.Select(v => (int)v).Order());
            for (var i = 0; i < Writes; i++)
            {
                Assert.Equal(i, (int)await db.StringGetAsync(prefix + i));
            }
        }
    }

    private async Task<string> RedisPidAsync(CancellationToken cancellationToken)
    {
        var resourceEvent = await _fixture.App.ResourceNotifications.WaitForResourceAsync(
            AgentSpecRedisExtensions.ResourceName,
            e => e.Snapshot.State?.Text == KnownResourceStates.Running && e.Snapshot.Properties.Any(p => p.Name == "executable.pid" && p.Value is not null),
            cancellationToken);
        return resourceEvent.Snapshot.Properties.Single(p => p.Name == "executable.pid").Value!.ToString()!;
    }
}
