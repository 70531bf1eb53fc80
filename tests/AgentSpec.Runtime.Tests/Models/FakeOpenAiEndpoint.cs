using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AgentSpec.Runtime.Tests.Models;

/// <summary>
/// An OpenAI-compatible chat completions endpoint on loopback that records every request and answers
/// <c>model &lt;id&gt; saw N messages; last: &lt;text&gt;</c>, or what <see cref="Respond"/> scripts (tool calls),
/// or fails with 401 when asked to. It also serves the http tools of the tests under <c>/tools/&lt;name&gt;</c>,
/// counting their calls.
/// </summary>
public sealed class FakeOpenAiEndpoint : IAsyncDisposable
{
    private readonly WebApplication _app;

    private FakeOpenAiEndpoint(WebApplication app, string baseUrl)
    {
        _app = app;
        BaseUrl = baseUrl;
    }

    /// <summary>The base URL to configure as AgentSpec:Models:Endpoint (ends with /v1).</summary>
    public string BaseUrl { get; }

    public ConcurrentQueue<JsonObject> Requests { get; } = new();

    public ConcurrentQueue<string?> Authorizations { get; } = new();

    public bool RejectAll { get; set; }

    /// <summary>Scripts the assistant message (<c>role</c>, <c>content</c>, <c>tool_calls</c>) for a request; null answers as usual.</summary>
    public Func<JsonObject, JsonObject?>? Respond { get; set; }

    /// <summary>The handlers of <c>/tools/&lt;name&gt;</c>: request → result (write the response).</summary>
    public ConcurrentDictionary<string, Func<HttpContext, string, Task>> Tools { get; } = new(StringComparer.Ordinal);

    /// <summary>Every tool request: name, body and headers.</summary>
    public ConcurrentQueue<(string Name, string Body, Dictionary<string, string> Headers)> ToolRequests { get; } = new();

    public string ToolUrl(string name) => BaseUrl[..^"/v1".Length] + "/tools/" + name;

    /// <summary>An assistant message that calls <paramref name="function"/> with <paramref name="arguments"/>.</summary>
    public static JsonObject ToolCall(string id, string function, JsonObject arguments) => new()
    {
        ["role"] = "assistant",
        ["content"] = null,
        ["tool_calls"] = new JsonArray(new JsonObject
        {
            ["id"] = id,
            ["type"] = "function",
            ["function"] = new JsonObject { ["name"] = function, ["arguments"] = arguments.ToJsonString() },
        }),
    };

    public static async Task<FakeOpenAiEndpoint> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        FakeOpenAiEndpoint? endpoint = null;
        app.MapPost("/v1/chat/completions", async (HttpRequest request) =>
        {
            var body = (await JsonNode.ParseAsync(request.Body))!.AsObject();
            endpoint!.Requests.Enqueue(body);
            endpoint.Authorizations.Enqueue(request.Headers.Authorization.ToString());
            if (endpoint.RejectAll)
            {
                return Results.Json(new JsonObject { ["error"] = new JsonObject { ["message"] = "Incorrect API key provided.", ["type"] = "invalid_request_error" } }, statusCode: 401);
            }

            var messages = body["messages"]!.AsArray();
            var scripted = endpoint.Respond?.Invoke(body);
            var last = messages[^1]!["content"]?.ToString();
            var reply = $"model {body["model"]} saw {messages.Count} messages; last: {last}";
            return Results.Json(new JsonObject
            {
                ["id"] = "chatcmpl-test",
                ["object"] = "chat.completion",
                ["created"] = 1_700_000_000,
                ["model"] = body["model"]!.ToString(),
                ["choices"] = new JsonArray(new JsonObject
                {
                    ["index"] = 0,
                    ["message"] = scripted ?? new JsonObject { ["role"] = "assistant", ["content"] = reply },
                    ["finish_reason"] = scripted?["tool_calls"] is null ? "stop" : "tool_calls",
                }),
                ["usage"] = new JsonObject { ["prompt_tokens"] = 1, ["completion_tokens"] = 1, ["total_tokens"] = 2 },
            });
        });
        app.Map("/tools/{name}", async (HttpContext context, string name) =>
        {
            using var reader = new StreamReader(context.Request.Body);
            var body = await reader.ReadToEndAsync(context.RequestAborted);
            endpoint!.ToolRequests.Enqueue((name, body, context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase)));
            if (endpoint.Tools.TryGetValue(name, out var handler))
            {
                await handler(context, body);
            }
            else
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
            }
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        endpoint = new FakeOpenAiEndpoint(app, address + "/v1");
        return endpoint;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
