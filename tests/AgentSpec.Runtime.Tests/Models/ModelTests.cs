using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using AgentSpec.Runtime.Models;
using AgentSpec.Runtime.Tests.Hosting;
using Microsoft.Extensions.AI;

namespace AgentSpec.Runtime.Tests.Models;

public sealed class ModelTests
{
    [Fact]
    public async Task The_offline_model_answers_deterministically_and_says_where_the_reply_comes_from()
    {
        using var client = new OfflineChatClient("support-bot");
        ChatMessage[] conversation = [new(ChatRole.System, "Be kind."), new(ChatRole.User, "first"), new(ChatRole.Assistant, "ok"), new(ChatRole.User, "Hello there")];
        var first = await client.GetResponseAsync(conversation);
        var second = await client.GetResponseAsync(conversation);

        Assert.Equal("[offline model] support-bot received: Hello there", first.Text);
        Assert.Equal(first.Text, second.Text);
        Assert.Equal("offline", first.ModelId);
        Assert.Equal("offline", client.GetService<ChatClientMetadata>()?.DefaultModelId);

        var streamed = new List<ChatResponseUpdate>();
        await foreach (var update in client.GetStreamingResponseAsync(conversation))
        {
            streamed.Add(update);
        }

        Assert.Equal(first.Text, string.Concat(streamed.Select(u => u.Text)));
    }

    [Fact]
    public async Task An_OpenAI_compatible_endpoint_sees_the_prompt_and_the_newest_history_window()
    {
        await using var model = await FakeOpenAiEndpoint.StartAsync();
        await using var runtime = await RuntimeInstance.StartAsync(new Dictionary<string, string?>
        {
            ["AgentSpec:Models:Endpoint"] = model.BaseUrl,
            ["AgentSpec:Models:ApiKey"] = "model-key",
        });
        using var client = runtime.CreateClient();
        await Api.DeployAsync(client, TestAgents.Create("windowed", prompt: "You are windowed.", maxMessages: 4));
        var session = await Api.CreateSessionAsync(client, "windowed");

        for (var i = 1; i <= 3; i++)
        {
            await Api.SendAsync(client, "windowed", session, $"m{i}");
        }

        var reply = await Api.SendAsync(client, "windowed", session, "m4");
        Assert.Equal("model claude-sonnet-4-20250514 saw 6 messages; last: m4", (string?)reply["output"]);

        var last = model.Requests.Last();
        var messages = last["messages"]!.AsArray().Select(m => ((string)m!["role"]!, m["content"]!.ToString())).ToList();
        Assert.Equal(("system", "You are windowed."), messages[0]);
        // The window is the newest 4 stored messages (turns m2 and m3), then the new message.
        Assert.Equal(["m2", "model claude-sonnet-4-20250514 saw 4 messages; last: m2", "m3", "model claude-sonnet-4-20250514 saw 6 messages; last: m3", "m4"], messages.Skip(1).Select(m => m.Item2));
        Assert.Equal(["user", "assistant", "user", "assistant", "user"], messages.Skip(1).Select(m => m.Item1));
        Assert.All(model.Authorizations, a => Assert.Equal("Bearer model-key", a));

        using var health = await client.GetAsync("/healthz");
        Assert.Equal("openai-compatible", (string?)(await Api.AssertOkAsync(health))["model"]);
    }

    [Fact]
    public async Task The_configured_model_replaces_the_one_the_agent_names()
    {
        await using var model = await FakeOpenAiEndpoint.StartAsync();
        await using var runtime = await RuntimeInstance.StartAsync(new Dictionary<string, string?>
        {
            ["AgentSpec:Models:Endpoint"] = model.BaseUrl,
            ["AgentSpec:Models:Model"] = "llama3.2",
        });
        using var client = runtime.CreateClient();
        await Api.DeployAsync(client, TestAgents.Create("local"));
        var session = await Api.CreateSessionAsync(client, "local");

        var reply = await Api.SendAsync(client, "local", session, "hi");
        Assert.StartsWith("model llama3.2 saw 2 messages", (string?)reply["output"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_retried_turn_is_answered_from_the_store_without_asking_the_model_again()
    {
        await using var model = await FakeOpenAiEndpoint.StartAsync();
        await using var runtime = await RuntimeInstance.StartAsync(new Dictionary<string, string?> { ["AgentSpec:Models:Endpoint"] = model.BaseUrl });
        using var client = runtime.CreateClient();
        await Api.DeployAsync(client, TestAgents.Create("costly"));
        var session = await Api.CreateSessionAsync(client, "costly");

        var first = await Api.SendAsync(client, "costly", session, "expensive question", idempotencyKey: "ask-once");
        var retry = await Api.SendAsync(client, "costly", session, "expensive question", idempotencyKey: "ask-once");

        Assert.Equal((string?)first["output"], (string?)retry["output"]);
        Assert.Single(model.Requests);
        Assert.Equal(2, (await Api.HistoryAsync(client, "costly", session)).Count);
    }

    [Fact]
    public async Task A_failing_model_is_502_model_unavailable_and_stores_nothing()
    {
        await using var model = await FakeOpenAiEndpoint.StartAsync();
        model.RejectAll = true;
        await using var runtime = await RuntimeInstance.StartAsync(new Dictionary<string, string?> { ["AgentSpec:Models:Endpoint"] = model.BaseUrl });
        using var client = runtime.CreateClient();
        await Api.DeployAsync(client, TestAgents.Create("rejected"));
        var session = await Api.CreateSessionAsync(client, "rejected");

        using var response = await client.PostAsync($"/v1/agents/rejected/sessions/{session}", Api.Json("""{"message":"hi"}"""));
        var message = await Api.AssertErrorAsync(response, HttpStatusCode.BadGateway, "model_unavailable");
        Assert.Contains("rejected", message, StringComparison.Ordinal);
        Assert.Empty(await Api.HistoryAsync(client, "rejected", session));
    }

    [Fact]
    public async Task An_unreachable_model_is_502_model_unavailable()
    {
        int closedPort;
        using (var listener = new TcpListener(IPAddress.Loopback, 0))
        {
            listener.Start();
            closedPort = ((IPEndPoint)listener.LocalEndpoint).Port;
        }

        await using var runtime = await RuntimeInstance.StartAsync(new Dictionary<string, string?> { ["AgentSpec:Models:Endpoint"] = $"http://127.0.0.1:{closedPort}/v1" });
        using var client = runtime.CreateClient();
        await Api.DeployAsync(client, TestAgents.Create("unreachable"));
        var session = await Api.CreateSessionAsync(client, "unreachable");

        using var response = await client.PostAsync($"/v1/agents/unreachable/sessions/{session}", Api.Json(new JsonObject { ["message"] = "hi" }));
        var message = await Api.AssertErrorAsync(response, HttpStatusCode.BadGateway, "model_unavailable");
        Assert.Contains("Connection refused", message, StringComparison.Ordinal);
        Assert.Empty(await Api.HistoryAsync(client, "unreachable", session));
    }
}
