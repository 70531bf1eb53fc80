using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using AgentSpec.Runtime.Hosting;
using AgentSpec.Runtime.Tests.Hosting;
using AgentSpec.Testing;

namespace AgentSpec.Runtime.Tests.Redis;

/// <summary>
/// A turn that reached Redis but whose answer was lost: the runtime must not claim "nothing was written";
/// it says the outcome is unknown and hands out the Idempotency-Key that makes the retry safe.
/// </summary>
public sealed class OutcomeUnknownTests
{
    private const string Marker = "DROP-AFTER-SEND";
    private static readonly TimeSpan RecoveryTimeout = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task A_connection_lost_after_the_append_was_sent_is_outcome_unknown_and_the_retry_with_the_returned_key_stores_it_once()
    {
        await using var redis = await RedisServer.StartAsync();
        using var proxy = new DroppingRedisProxy(redis.Port);
        await using var runtime = await RuntimeInstance.StartAsync(new Dictionary<string, string?>
        {
            ["ConnectionStrings:redis"] = $"127.0.0.1:{proxy.Port},abortConnect=false,connectTimeout=2000,syncTimeout=5000,asyncTimeout=5000",
            [RuntimeSettings.RedisKeyPrefixKey] = $"t{Guid.NewGuid():N}:",
        });
        using var client = runtime.CreateClient();
        await Api.DeployAsync(client, TestAgents.Create("fragile"));
        var session = await Api.CreateSessionAsync(client, "fragile");

        // A turn without a key still gets one, and says which.
        using (var plain = await client.PostAsync($"/v1/agents/fragile/sessions/{session}", JsonContent.Create(new JsonObject { ["message"] = "hello" })))
        {
            await Api.AssertOkAsync(plain);
            Assert.StartsWith("rt-", Assert.Single(plain.Headers.GetValues("Idempotency-Key")), StringComparison.Ordinal);
        }

        proxy.DropAfterForwarding(Marker);
        using var lost = await client.PostAsync($"/v1/agents/fragile/sessions/{session}", JsonContent.Create(new JsonObject { ["message"] = Marker }));
        Assert.Equal(1, proxy.Dropped);
        var message = await Api.AssertErrorAsync(lost, HttpStatusCode.ServiceUnavailable, "outcome_unknown");
        var key = Assert.Single(lost.Headers.GetValues("Idempotency-Key"));
        Assert.Contains($"Retry with Idempotency-Key '{key}'", message, StringComparison.Ordinal);
        Assert.DoesNotContain("nothing was written", message, StringComparison.Ordinal);

        var history = await WaitForHistoryAsync(client, session);
        Assert.Equal(["hello", Marker], history.Where(m => m.Role == "user").Select(m => m.Content));

        using var retry = new HttpRequestMessage(HttpMethod.Post, $"/v1/agents/fragile/sessions/{session}")
        {
            Content = JsonContent.Create(new JsonObject { ["message"] = Marker }),
        };
        retry.Headers.Add("Idempotency-Key", key);
        using var retried = await client.SendAsync(retry);
        Assert.Equal($"[offline model] fragile received: {Marker}", (string?)(await Api.AssertOkAsync(retried))["output"]);
        Assert.Equal(history, await Api.HistoryAsync(client, "fragile", session));
    }

    private static async Task<List<(string Role, string Content)>> WaitForHistoryAsync(HttpClient client, string session)
    {
        var deadline = DateTime.UtcNow + RecoveryTimeout;
        while (true)
        {
            using var response = await client.GetAsync($"/v1/agents/fragile/sessions/{session}/messages?limit=1");
            if (response.StatusCode == HttpStatusCode.OK)
            {
                return await Api.HistoryAsync(client, "fragile", session);
            }

            Assert.True(DateTime.UtcNow < deadline, $"The runtime did not reconnect to Redis (last status {(int)response.StatusCode}).");
            await Task.Delay(200);
        }
    }
}
