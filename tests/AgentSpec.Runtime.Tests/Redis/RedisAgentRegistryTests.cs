using System.Net;
using AgentSpec.Runtime.Tests.Hosting;
using Microsoft.Extensions.Logging;

namespace AgentSpec.Runtime.Tests.Redis;

public sealed class RedisAgentRegistryTests : IClassFixture<RedisFixture>
{
    private readonly RedisFixture _redis;

    public RedisAgentRegistryTests(RedisFixture redis)
    {
        _redis = redis;
    }

    [Fact]
    public async Task Agents_live_in_one_hash_under_the_configured_prefix_and_survive_a_runtime_restart()
    {
        var prefix = $"reg{Guid.NewGuid():N}:";
        var settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:redis"] = _redis.Server.ConnectionString,
            ["AgentSpec:Redis:KeyPrefix"] = prefix,
        };
        var definition = TestAgents.Create("persistent");
        await using (var first = await RuntimeInstance.StartAsync(settings))
        {
            using var client = first.CreateClient();
            await Api.DeployAsync(client, definition);
        }

        await using var connection = await _redis.Server.ConnectAsync();
        var stored = await connection.GetDatabase().HashGetAsync(prefix + "agents", "persistent");
        Assert.Contains(definition.Hash!, stored.ToString(), StringComparison.Ordinal);

        await using var second = await RuntimeInstance.StartAsync(settings);
        using var secondClient = second.CreateClient();
        using var get = await secondClient.GetAsync("/v1/agents/persistent");
        Assert.Equal(definition.Hash, (string?)(await Api.AssertOkAsync(get))["hash"]);
    }

    [Fact]
    public async Task A_corrupt_stored_agent_is_reported_skipped_in_lists_and_replaced_by_a_new_deploy()
    {
        var prefix = $"reg{Guid.NewGuid():N}:";
        await using var runtime = await RuntimeInstance.StartAsync(new Dictionary<string, string?>
        {
            ["ConnectionStrings:redis"] = _redis.Server.ConnectionString,
            ["AgentSpec:Redis:KeyPrefix"] = prefix,
        });
        using var client = runtime.CreateClient();
        await Api.DeployAsync(client, TestAgents.Create("healthy"));
        await using var connection = await _redis.Server.ConnectAsync();
        await connection.GetDatabase().HashSetAsync(prefix + "agents", "broken", "{not json");

        using var get = await client.GetAsync("/v1/agents/broken");
        var message = await Api.AssertErrorAsync(get, HttpStatusCode.ServiceUnavailable, "session_store_unavailable");
        Assert.Contains("deploy the agent again", message, StringComparison.Ordinal);

        using var list = await client.GetAsync("/v1/agents");
        Assert.Equal(["healthy"], (await Api.AssertOkAsync(list))["agents"]!.AsArray().Select(a => (string)a!["name"]!));
        Assert.Contains(runtime.Logs.GetSnapshot(), r => r.Level == LogLevel.Error && r.Message.Contains("broken", StringComparison.Ordinal));

        using var redeploy = await client.PutAsync("/v1/agents/broken", Api.Definition(TestAgents.Create("broken")));
        Assert.Equal("updated", (string?)(await Api.AssertOkAsync(redeploy))["status"]);
        using var fixedGet = await client.GetAsync("/v1/agents/broken");
        await Api.AssertOkAsync(fixedGet);
    }
}
