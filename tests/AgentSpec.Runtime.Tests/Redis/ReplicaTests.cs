using System.Net;
using System.Text.Json.Nodes;
using AgentSpec.Runtime.Tests.Hosting;
using AgentSpec.Runtime.Tests.Sessions;

namespace AgentSpec.Runtime.Tests.Redis;

/// <summary>Several runtime instances sharing one real Redis behave as one runtime.</summary>
public sealed class ReplicaTests : IClassFixture<RedisFixture>
{
    private static readonly TimeSpan PropagationTimeout = TimeSpan.FromSeconds(30);
    private readonly RedisFixture _redis;

    public ReplicaTests(RedisFixture redis)
    {
        _redis = redis;
    }

    [Fact]
    public async Task Agents_and_sessions_deployed_through_one_replica_are_served_by_the_others()
    {
        var runtimes = await _redis.StartRuntimesAsync(2);
        try
        {
            using var a = runtimes[0].CreateClient();
            using var b = runtimes[1].CreateClient();

            using var health = await b.GetAsync("/healthz");
            var healthBody = await Api.AssertOkAsync(health);
            Assert.Equal("redis", (string?)healthBody["agent_registry"]);
            Assert.Equal("redis", (string?)healthBody["session_store"]);

            await Api.DeployAsync(a, TestAgents.Create("shared"));
            using var listed = await b.GetAsync("/v1/agents");
            Assert.Equal(["shared"], (await Api.AssertOkAsync(listed))["agents"]!.AsArray().Select(x => (string)x!["name"]!));

            var session = await Api.CreateSessionAsync(a, "shared");
            await Api.SendAsync(b, "shared", session, "via b");
            await Api.SendAsync(a, "shared", session, "via a");
            ChatHistoryAssert.ExactlyOneTurnEach(await Api.HistoryAsync(b, "shared", session), "shared", ["via b", "via a"]);

            // b has the agent cached now; an update or delete through a must reach it.
            var updated = TestAgents.Create("shared", prompt: "Updated prompt.");
            await Api.DeployAsync(a, updated);
            await WaitUntilAsync(async () =>
            {
                using var get = await b.GetAsync("/v1/agents/shared");
                return get.IsSuccessStatusCode && (string?)(await Api.ReadObjectAsync(get))["hash"] == updated.Hash;
            });

            using var deleted = await a.DeleteAsync("/v1/agents/shared");
            Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
            await WaitUntilAsync(async () =>
            {
                using var send = await b.PostAsync($"/v1/agents/shared/sessions/{session}", Api.Json("""{"message":"still there?"}"""));
                return send.StatusCode == HttpStatusCode.NotFound;
            });
        }
        finally
        {
            await DisposeAllAsync(runtimes);
        }
    }

    [Fact]
    public async Task A_thousand_messages_over_four_replicas_to_one_session_make_exactly_2000_messages_in_pairs()
    {
        var runtimes = await _redis.StartRuntimesAsync(4);
        var clients = runtimes.Select(r => r.CreateClient()).ToArray();
        try
        {
            await Api.DeployAsync(clients[0], TestAgents.Create("busy"));
            var session = await Api.CreateSessionAsync(clients[1], "busy");
            var messages = Enumerable.Range(0, 1000).Select(i => $"message {i}").ToList();

            await Parallel.ForEachAsync(
                Enumerable.Range(0, messages.Count),
                new ParallelOptions { MaxDegreeOfParallelism = 64 },
                async (i, _) => await Api.SendAsync(clients[i % clients.Length], "busy", session, messages[i]));

            ChatHistoryAssert.ExactlyOneTurnEach(await Api.HistoryAsync(clients[2], "busy", session, pageSize: 333), "busy", messages);
        }
        finally
        {
            foreach (var client in clients)
            {
                client.Dispose();
            }

            await DisposeAllAsync(runtimes);
        }
    }

    [Fact]
    public async Task One_hundred_concurrent_messages_through_one_replica_make_exactly_200_messages_in_pairs()
    {
        var runtimes = await _redis.StartRuntimesAsync(1);
        try
        {
            using var client = runtimes[0].CreateClient();
            await Api.DeployAsync(client, TestAgents.Create("single"));
            var session = await Api.CreateSessionAsync(client, "single");
            var messages = Enumerable.Range(0, 100).Select(i => $"concurrent {i}").ToList();

            await Task.WhenAll(messages.Select(m => Api.SendAsync(client, "single", session, m)));

            ChatHistoryAssert.ExactlyOneTurnEach(await Api.HistoryAsync(client, "single", session, pageSize: 30), "single", messages);
        }
        finally
        {
            await DisposeAllAsync(runtimes);
        }
    }

    [Fact]
    public async Task The_same_idempotency_key_through_four_replicas_appends_one_turn()
    {
        var runtimes = await _redis.StartRuntimesAsync(4);
        var clients = runtimes.Select(r => r.CreateClient()).ToArray();
        try
        {
            await Api.DeployAsync(clients[0], TestAgents.Create("careful"));
            var session = await Api.CreateSessionAsync(clients[0], "careful");

            var replies = await Task.WhenAll(Enumerable.Range(0, 20).Select(i =>
                Api.SendAsync(clients[i % clients.Length], "careful", session, $"attempt {i}", idempotencyKey: "pay-once")));

            var history = await Api.HistoryAsync(clients[3], "careful", session);
            Assert.Equal(2, history.Count);
            Assert.All(replies, r => Assert.Equal(history[1].Content, (string?)r["output"]));

            var retry = await Api.SendAsync(clients[2], "careful", session, "late retry", idempotencyKey: "pay-once");
            Assert.Equal(history[1].Content, (string?)retry["output"]);
            Assert.Equal(2, (await Api.HistoryAsync(clients[1], "careful", session)).Count);
        }
        finally
        {
            foreach (var client in clients)
            {
                client.Dispose();
            }

            await DisposeAllAsync(runtimes);
        }
    }

    [Fact]
    public async Task Sessions_are_listed_from_redis_and_deleted_for_every_replica()
    {
        var runtimes = await _redis.StartRuntimesAsync(2);
        try
        {
            using var a = runtimes[0].CreateClient();
            using var b = runtimes[1].CreateClient();
            await Api.DeployAsync(a, TestAgents.Create("lister"));
            await Api.DeployAsync(a, TestAgents.Create("other"));
            var first = await Api.CreateSessionAsync(a, "lister");
            var second = await Api.CreateSessionAsync(b, "lister");
            await Api.CreateSessionAsync(b, "other");

            using var list = await b.GetAsync("/v1/agents/lister/sessions");
            var ids = (await Api.AssertOkAsync(list))["sessions"]!.AsArray().Select(s => (string)s!["session_id"]!).ToHashSet();
            Assert.True(ids.SetEquals([first, second]));

            using var deleted = await b.DeleteAsync($"/v1/agents/lister/sessions/{first}");
            Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
            using var gone = await a.PostAsync($"/v1/agents/lister/sessions/{first}", Api.Json(new JsonObject { ["message"] = "hello?" }));
            await Api.AssertErrorAsync(gone, HttpStatusCode.NotFound, "not_found");
        }
        finally
        {
            await DisposeAllAsync(runtimes);
        }
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow + PropagationTimeout;
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "The change did not reach the other replica in time.");
            await Task.Delay(50);
        }
    }

    private static async Task DisposeAllAsync(IEnumerable<RuntimeInstance> runtimes)
    {
        foreach (var runtime in runtimes)
        {
            await runtime.DisposeAsync();
        }
    }
}
