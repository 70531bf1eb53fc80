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

        await using (var redis = await ConnectionMultiplexer.ConnectAsync(connectionString))
        {
            var db = redis.GetDatabase();
            await Task.WhenAll(Enumerable.Range(0, Writes).Select(i => db.ListRightPushAsync(prefix + "list", i)));
            for (var i = 0; i < Writes; i++)
            {
                Assert.True(await db.StringSetAsync(prefix + i, i));
            }
        }

        var (pidBefore, pidAfter) = await _fixture.RestartRedisAsync(cts.Token);
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

    [Fact]
    public async Task Data_survives_a_stop_and_a_start_through_the_app_model()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        var connectionString = await _fixture.RedisConnectionStringAsync(cts.Token);
        var key = $"it:stop-start:{Guid.NewGuid():N}";
        await using (var redis = await ConnectionMultiplexer.ConnectAsync(connectionString))
        {
            Assert.True(await redis.GetDatabase().StringSetAsync(key, "kept"));
        }

        var (pidBefore, pidAfter) = await _fixture.StopAndStartRedisAsync(cts.Token);
        Assert.NotEqual(pidBefore, pidAfter);

        await using (var redis = await ConnectionMultiplexer.ConnectAsync(connectionString))
        {
            Assert.Equal("kept", (string?)await redis.GetDatabase().StringGetAsync(key));
        }
    }
}
