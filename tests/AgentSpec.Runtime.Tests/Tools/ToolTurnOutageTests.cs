using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using AgentSpec.Runtime.Hosting;
using AgentSpec.Runtime.Tests.Hosting;
using AgentSpec.Runtime.Tests.Models;
using AgentSpec.Runtime.Tests.Redis;
using AgentSpec.Testing;
using Microsoft.AspNetCore.Http;

namespace AgentSpec.Runtime.Tests.Tools;

/// <summary>Redis killed while turns call tools: every acknowledged turn is stored whole, with its tool messages, and none partially.</summary>
public sealed class ToolTurnOutageTests
{
    [Fact]
    public async Task Redis_killed_during_a_tool_using_load_leaves_every_acknowledged_turn_whole_and_none_partial()
    {
        await using var tools = await FakeOpenAiEndpoint.StartAsync();
        tools.Tools["lookup"] = (context, body) => context.Response.WriteAsync($"looked up {JsonNode.Parse(body)!["q"]}");
        await using var redis = await RedisServer.StartAsync();
        var settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:redis"] = redis.ConnectionString + ",asyncTimeout=2000,syncTimeout=2000",
            [RuntimeSettings.RedisKeyPrefixKey] = $"t{Guid.NewGuid():N}:",
            ["AgentSpec:Tools:AllowedHosts:0"] = "127.0.0.1",
        };
        var runtimes = new[] { await RuntimeInstance.StartAsync(settings), await RuntimeInstance.StartAsync(settings) };
        var clients = runtimes.Select(r => r.CreateClient()).ToArray();
        try
        {
            var session = await ToolAgents.DeployAsync(clients[0], "sturdy", null, ("lookup", ToolAgents.Http(tools.ToolUrl("lookup"), method: "POST")));
            var acknowledged = new ConcurrentBag<string>();
            var statuses = new ConcurrentBag<(HttpStatusCode Status, string? Error)>();
            var killed = 0;
            await Parallel.ForEachAsync(
                Enumerable.Range(0, 200),
                new ParallelOptions { MaxDegreeOfParallelism = 16 },
                async (i, cancellationToken) =>
                {
                    if (i == 100 && Interlocked.Exchange(ref killed, 1) == 0)
                    {
                        await redis.KillAsync();
                    }

                    var message = ToolAgents.Use("lookup", $"turn {i}");
                    using var response = await clients[i % clients.Length].PostAsync(
                        $"/v1/agents/sturdy/sessions/{session}", JsonContent.Create(new JsonObject { ["message"] = message }), cancellationToken);
                    var body = await response.Content.ReadFromJsonAsync<JsonObject>(cancellationToken);
                    statuses.Add((response.StatusCode, (string?)body?["error"]));
                    if (response.StatusCode == HttpStatusCode.OK)
                    {
                        acknowledged.Add($"turn {i}");
                    }
                });

            Assert.All(statuses, s => Assert.True(
                s.Status == HttpStatusCode.OK || (s.Status == HttpStatusCode.ServiceUnavailable && s.Error is "session_store_unavailable" or "outcome_unknown"),
                $"Unexpected {(int)s.Status} {s.Error}"));
            Assert.Contains(statuses, s => s.Status == HttpStatusCode.ServiceUnavailable);
            Assert.NotEmpty(acknowledged);

            await redis.RestartAsync();
            foreach (var client in clients)
            {
                await RuntimeRecovery.WaitAsync(client, "sturdy", session);
            }

            var history = await Api.HistoryAsync(clients[1], "sturdy", session);
            Assert.Equal(0, history.Count % 4);
            var stored = new HashSet<string>(StringComparer.Ordinal);
            for (var i = 0; i < history.Count; i += 4)
            {
                var turn = (string)JsonNode.Parse(history[i + 1].Content)!["q"]!;
                Assert.Equal(("user", ToolAgents.Use("lookup", turn)), history[i]);
                Assert.Equal("tool_call", history[i + 1].Role);
                Assert.Equal(("tool", $"looked up {turn}"), history[i + 2]);
                Assert.Equal(("assistant", $"[offline model] sturdy received: {ToolAgents.Use("lookup", turn)}; tool lookup returned: looked up {turn}"), history[i + 3]);
                Assert.True(stored.Add(turn), $"'{turn}' is stored twice.");
            }

            Assert.Subset(stored, acknowledged.ToHashSet());
        }
        finally
        {
            foreach (var client in clients)
            {
                client.Dispose();
            }

            foreach (var runtime in runtimes)
            {
                await runtime.DisposeAsync();
            }
        }
    }
}
