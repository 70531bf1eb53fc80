using System.Text.Json.Nodes;
using AgentSpec.Runtime.Tests.Hosting;
using AgentSpec.Runtime.Tests.Models;
using Microsoft.AspNetCore.Http;

namespace AgentSpec.Runtime.Tests.Tools;

public sealed class HttpToolTests
{
    [Fact]
    public async Task An_http_tool_calls_an_allowed_host_with_the_input_encoded_for_url_and_body_and_fails_cleanly_otherwise()
    {
        await using var server = await FakeOpenAiEndpoint.StartAsync();
        server.Tools["echo"] = (context, body) => context.Response.WriteAsync($"{context.Request.Method} {context.Request.QueryString} {body}");
        server.Tools["slow"] = async (context, _) => await Task.Delay(TimeSpan.FromSeconds(30), context.RequestAborted);
        server.Tools["huge"] = (context, _) => context.Response.WriteAsync(new string('x', 5000));
        server.Tools["broken"] = (context, _) =>
        {
            context.Response.StatusCode = StatusCodes.Status500InternalServerError;
            return context.Response.WriteAsync("database is down");
        };
        await using var runtime = await RuntimeInstance.StartAsync(new Dictionary<string, string?>
        {
            ["AgentSpec:Tools:AllowedHosts:0"] = "127.0.0.1",
            ["AgentSpec:Tools:MaxOutputBytes"] = "1000",
        });
        using var client = runtime.CreateClient();
        var session = await ToolAgents.DeployAsync(
            client,
            "fetcher",
            null,
            ("echo", ToolAgents.Http(server.ToolUrl("echo") + "?q={{q}}", method: "POST", headers: new JsonObject { ["Content-Type"] = "application/json" }, bodyTemplate: """{"q": "{{q}}"}""")),
            ("slow", ToolAgents.Http(server.ToolUrl("slow"), timeout: "300ms")),
            ("huge", ToolAgents.Http(server.ToolUrl("huge"))),
            ("broken", ToolAgents.Http(server.ToolUrl("broken"))),
            ("elsewhere", ToolAgents.Http("http://tools.example.invalid/lookup")));

        var echoed = await ToolAgents.CallAsync(client, "fetcher", session, "echo", "a\"b&c=d");
        Assert.Equal("""POST ?q=a%22b%26c%3Dd {"q": "a\"b&c=d"}""", echoed);
        Assert.Equal("a\"b&c=d", (string?)JsonNode.Parse(server.ToolRequests.Single(r => r.Name == "echo").Body)!["q"]);

        Assert.Equal("error: GET " + server.ToolUrl("slow") + " timed out after 300ms", await ToolAgents.CallAsync(client, "fetcher", session, "slow"));
        Assert.StartsWith("error: the response is larger than the runtime's cap of 1000 bytes", await ToolAgents.CallAsync(client, "fetcher", session, "huge"), StringComparison.Ordinal);
        Assert.Equal("error: GET " + server.ToolUrl("broken") + " answered 500 Internal Server Error: database is down", await ToolAgents.CallAsync(client, "fetcher", session, "broken"));
        Assert.Equal(
            "error: host 'tools.example.invalid' is not on the runtime's allow-list (configure AgentSpec:Tools:AllowedHosts)",
            await ToolAgents.CallAsync(client, "fetcher", session, "elsewhere"));

        // Every turn is stored whole: user, tool call, tool result, reply.
        var history = await Api.HistoryAsync(client, "fetcher", session);
        Assert.Equal(5 * 4, history.Count);
        Assert.Equal(["user", "tool_call", "tool", "assistant"], history.Take(4).Select(m => m.Role));
    }

    [Fact]
    public async Task Loopback_hosts_are_not_allowed_outside_Development_unless_listed()
    {
        await using var server = await FakeOpenAiEndpoint.StartAsync();
        server.Tools["echo"] = (context, body) => context.Response.WriteAsync("reached");
        await using var runtime = await RuntimeInstance.StartAsync();
        using var client = runtime.CreateClient();
        var session = await ToolAgents.DeployAsync(client, "closed", null, ("echo", ToolAgents.Http(server.ToolUrl("echo"))));

        Assert.StartsWith("error: host '127.0.0.1' is not on the runtime's allow-list", await ToolAgents.CallAsync(client, "closed", session, "echo"), StringComparison.Ordinal);
        Assert.Empty(server.ToolRequests);
    }
}
