using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using AgentSpec.Runtime.Tests.Hosting;
using AgentSpec.Testing;

namespace AgentSpec.Runtime.Tests.Redis;

/// <summary>
/// Redis going away mid-load: every request answers 200, 503 session_store_unavailable (nothing written)
/// or 503 outcome_unknown (sent, answer lost), and every acknowledged turn survives.
/// </summary>
public sealed class RedisOutageTests
{
    [Fact]
    public async Task Redis_stopped_during_load_is_503_and_every_acknowledged_turn_survives_the_restart()
    {
        await using var redis = await RedisServer.StartAsync();
        var runtimes = await RedisFixture.StartRuntimesAsync(redis, 2, commandTimeoutMs: 2000);
        var clients = runtimes.Select(r => r.CreateClient()).ToArray();
        try
        {
            await Api.DeployAsync(clients[0], TestAgents.Create("resilient"));
            var session = await Api.CreateSessionAsync(clients[0], "resilient");

            var acknowledged = new ConcurrentBag<string>();
            var statuses = new ConcurrentBag<(HttpStatusCode Status, string? Error)>();
            var killed = 0;
            await Parallel.ForEachAsync(
                Enumerable.Range(0, 300),
                new ParallelOptions { MaxDegreeOfParallelism = 32 },
                async (i, cancellationToken) =>
                {
                    if (i == 150 && Interlocked.Exchange(ref killed, 1) == 0)
                    {
                        await redis.KillAsync();
                    }

                    var message = $"turn {i}";
                    using var response = await clients[i % clients.Length].PostAsync(
                        $"/v1/agents/resilient/sessions/{session}", JsonContent.Create(new JsonObject { ["message"] = message }), cancellationToken);
                    var body = await response.Content.ReadFromJsonAsync<JsonObject>(cancellationToken);
                    statuses.Add((response.StatusCode, (string?)body?["error"]));
                    if (response.StatusCode == HttpStatusCode.OK)
                    {
                        acknowledged.Add(message);
                    }
                });

            Assert.All(statuses, s => Assert.True(
                s.Status == HttpStatusCode.OK || (s.Status == HttpStatusCode.ServiceUnavailable && s.Error is "session_store_unavailable" or "outcome_unknown"),
                $"Unexpected {(int)s.Status} {s.Error}"));
            Assert.Contains(statuses, s => s.Status == HttpStatusCode.ServiceUnavailable);
            Assert.NotEmpty(acknowledged);

            using var whileDown = await clients[1].PostAsync("/v1/agents/resilient/sessions", null);
            await Api.AssertErrorAsync(whileDown, HttpStatusCode.ServiceUnavailable, "session_store_unavailable");
            using var deployWhileDown = await clients[1].PutAsync("/v1/agents/another", Api.Definition(TestAgents.Create("another")));
            await Api.AssertErrorAsync(deployWhileDown, HttpStatusCode.ServiceUnavailable, "session_store_unavailable");

            await redis.RestartAsync();
            await RuntimeRecovery.WaitAsync(clients[0], "resilient", session);

            var history = await Api.HistoryAsync(clients[1], "resilient", session);
            var stored = new HashSet<string>(StringComparer.Ordinal);
            for (var i = 0; i < history.Count; i += 2)
            {
                Assert.Equal("user", history[i].Role);
                Assert.Equal(("assistant", $"[offline model] resilient received: {history[i].Content}"), history[i + 1]);
                Assert.True(stored.Add(history[i].Content), $"'{history[i].Content}' is stored twice.");
            }

            Assert.Equal(0, history.Count % 2);
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
