using System.Diagnostics;
using System.Text.Json.Nodes;
using AgentSpec.Runtime.Tests.Hosting;
using AgentSpec.Runtime.Tests.Models;
using AgentSpec.Testing;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Trace;

namespace AgentSpec.Runtime.Tests.Tools;

public sealed class ModelToolLoopTests
{
    [Fact]
    public async Task The_model_gets_the_skills_as_functions_the_runtime_runs_the_tool_it_calls_and_a_retry_never_runs_it_again()
    {
        await using var model = await FakeOpenAiEndpoint.StartAsync();
        model.Tools["orders"] = (context, body) => context.Response.WriteAsync($"order {JsonNode.Parse(body)!["id"]}: shipped");
        model.Respond = request =>
        {
            var last = request["messages"]!.AsArray()[^1]!;
            return (string?)last["role"] == "user" && last["content"]!.ToString().StartsWith("Where", StringComparison.Ordinal)
                ? FakeOpenAiEndpoint.ToolCall("call-1", "order-status", new JsonObject { ["order_id"] = "12\"34" })
                : null;
        };
        var spans = new ExportedCollection<Activity>();
        await using var runtime = await RuntimeInstance.StartAsync(
            new Dictionary<string, string?>
            {
                ["AgentSpec:Models:Endpoint"] = model.BaseUrl,
                ["AgentSpec:Models:Deployments:claude-sonnet-4-20250514"] = "mapped-model",
                ["AgentSpec:Tools:AllowedHosts:0"] = "127.0.0.1",
            },
            builder => builder.Services.AddOpenTelemetry().WithTracing(tracing => tracing.AddInMemoryExporter(spans)));
        using var client = runtime.CreateClient();
        var orderStatus = TestAgents.Skill(
            ToolAgents.Http(model.ToolUrl("orders"), method: "POST", headers: new JsonObject { ["Content-Type"] = "application/json" }, bodyTemplate: """{"id": "{{order_id}}"}"""),
            "order_id");
        await Api.DeployAsync(client, TestAgents.WithSkills(TestAgents.Create("shop", prompt: "You help shoppers."), 4, ("order-status", orderStatus)));
        var session = await Api.CreateSessionAsync(client, "shop");

        var reply = await Api.SendAsync(client, "shop", session, "Where is order 12\"34?", idempotencyKey: "ask-once");

        Assert.Equal("model mapped-model saw 4 messages; last: order 12\"34: shipped", (string?)reply["output"]);
        Assert.Equal(2, (int)reply["turns"]!);
        var requests = model.Requests.ToArray();
        Assert.Equal(2, requests.Length);
        Assert.All(requests, r => Assert.Equal("mapped-model", (string?)r["model"]));
        var function = requests[0]["tools"]!.AsArray().Single()!["function"]!;
        Assert.Equal("order-status", (string?)function["name"]);
        Assert.Equal("A test skill", (string?)function["description"]);
        Assert.Equal("string", (string?)function["parameters"]!["properties"]!["order_id"]!["type"]);
        Assert.Equal(["order_id"], function["parameters"]!["required"]!.AsArray().Select(n => (string?)n));
        var secondMessages = requests[1]["messages"]!.AsArray();
        Assert.Equal(["system", "user", "assistant", "tool"], secondMessages.Select(m => (string?)m!["role"]));
        Assert.Equal("call-1", (string?)secondMessages[3]!["tool_call_id"]);
        Assert.Equal("order 12\"34: shipped", secondMessages[3]!["content"]!.ToString());

        // The model's input reached the tool as JSON data, not as JSON syntax.
        Assert.Equal("12\"34", (string?)JsonNode.Parse(model.ToolRequests.Single().Body)!["id"]);

        // One atomic turn: user, tool call, tool result, reply; shown compactly with the tool's name.
        var history = await MessagesAsync(client, "shop", session);
        Assert.Equal(["user", "tool_call", "tool", "assistant"], history.Select(m => (string?)m!["role"]));
        Assert.Equal("order-status", (string?)history[1]!["tool_name"]);
        Assert.Equal("call-1", (string?)history[1]!["tool_call_id"]);
        Assert.Equal("""{"order_id":"12\"34"}""", (string?)history[1]!["content"]);
        Assert.Equal("order 12\"34: shipped", (string?)history[2]!["content"]);
        Assert.Null(history[0]!["tool_name"]);

        // A retry with the same key is answered from the store as the first time, model calls included: no model call, no tool call.
        var retry = await Api.SendAsync(client, "shop", session, "Where is order 12\"34?", idempotencyKey: "ask-once");
        Assert.Equal((string?)reply["output"], (string?)retry["output"]);
        Assert.Equal(2, (int)retry["turns"]!);
        Assert.Single(model.ToolRequests);
        Assert.Equal(2, model.Requests.Count);
        Assert.Equal(4, (await MessagesAsync(client, "shop", session)).Count);

        // The next turn shows the model the earlier tool call and its result, paired.
        await Api.SendAsync(client, "shop", session, "Thanks!");
        var third = model.Requests.Last()["messages"]!.AsArray();
        Assert.Equal(["system", "user", "assistant", "tool", "assistant", "user"], third.Select(m => (string?)m!["role"]));
        Assert.Equal("call-1", (string?)third[2]!["tool_calls"]![0]!["id"]);
        Assert.Equal("order-status", (string?)third[2]!["tool_calls"]![0]!["function"]!["name"]);

        // A span per model call and per tool call (GenAI semantic conventions), under the request's trace.
        // (The sources are process-wide: spans of runtimes in parallel tests arrive too, so only this model's count.)
        var chatSpans = spans.Where(s => s.DisplayName == "chat mapped-model").ToList();
        Assert.True(chatSpans.Count >= 3, string.Join(", ", spans.Select(s => s.DisplayName)));
        Assert.All(chatSpans, s => Assert.Equal("mapped-model", s.GetTagItem("gen_ai.request.model")));
        var toolSpan = Assert.Single(spans, s => s.DisplayName == "execute_tool order-status");
        Assert.Equal(chatSpans[0].TraceId, toolSpan.TraceId);
    }

    [Fact]
    public async Task Max_turns_stops_a_model_that_keeps_calling_tools()
    {
        await using var model = await FakeOpenAiEndpoint.StartAsync();
        model.Tools["again"] = (context, _) => context.Response.WriteAsync("try again");
        var calls = 0;
        model.Respond = _ => FakeOpenAiEndpoint.ToolCall($"call-{Interlocked.Increment(ref calls)}", "again", new JsonObject { ["q"] = "more" });
        await using var runtime = await RuntimeInstance.StartAsync(new Dictionary<string, string?>
        {
            ["AgentSpec:Models:Endpoint"] = model.BaseUrl,
            ["AgentSpec:Tools:AllowedHosts:0"] = "127.0.0.1",
        });
        using var client = runtime.CreateClient();
        var session = await ToolAgents.DeployAsync(client, "looping", 3, ("again", ToolAgents.Http(model.ToolUrl("again"))));

        var reply = await Api.SendAsync(client, "looping", session, "go");

        Assert.Equal(3, (int)reply["turns"]!);
        Assert.Equal(3, model.Requests.Count);

        // The last call allowed offers no tools, so that a real model has to answer; this one calls a tool anyway.
        Assert.Null(model.Requests.Last()["tools"]);
        Assert.Equal("[stopped after 3 model calls (max_turns): the model was still calling tools]", (string?)reply["output"]);
        var history = await MessagesAsync(client, "looping", session);
        Assert.Equal(["user", "tool_call", "tool", "tool_call", "tool", "assistant"], history.Select(m => (string?)m!["role"]));
        Assert.Equal(2, model.ToolRequests.Count);
    }

    private static async Task<JsonArray> MessagesAsync(HttpClient client, string agent, string session)
    {
        using var response = await client.GetAsync($"/v1/agents/{agent}/sessions/{session}/messages");
        return (await Api.AssertOkAsync(response))["messages"]!.AsArray();
    }
}
