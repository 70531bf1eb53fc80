using AgentSpec.Testing;

namespace AgentSpec.Core.Tests;

public sealed class RedisServerSmokeTests
{
    [Fact]
    public async Task The_test_server_starts_persists_and_restarts()
    {
        await using var server = await RedisServer.StartAsync();
        using (var connection = await server.ConnectAsync())
        {
            var db = connection.GetDatabase();
            await db.ListRightPushAsync("k", "v1");
        }

        await server.KillAsync();
        await server.RestartAsync();

        using var again = await server.ConnectAsync();
        Assert.Equal("v1", (string?)await again.GetDatabase().ListGetByIndexAsync("k", 0));
    }
}
