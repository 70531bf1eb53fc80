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
/// <c>model &lt;id&gt; saw N messages; last: &lt;text&gt;</c>, or fails with 401 when asked to.
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
            var last = messages[^1]!["content"]!.ToString();
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
                    ["message"] = new JsonObject { ["role"] = "assistant", ["content"] = reply },
                    ["finish_reason"] = "stop",
                }),
                ["usage"] = new JsonObject { ["prompt_tokens"] = 1, ["completion_tokens"] = 1, ["total_tokens"] = 2 },
            });
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
