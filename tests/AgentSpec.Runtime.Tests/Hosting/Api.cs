using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using AgentSpec.Core.Apply;

namespace AgentSpec.Runtime.Tests.Hosting;

/// <summary>Small HTTP helpers for the runtime's JSON API, used by the tests as a client would use the API.</summary>
public static class Api
{
    public static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    public static StringContent Json(JsonNode node) => Json(node.ToJsonString());

    public static StringContent Definition(AgentDefinition definition) =>
        Json(JsonSerializer.Serialize(definition, AgentDefinitionJsonContext.Default.AgentDefinition));

    public static async Task<JsonObject> ReadObjectAsync(HttpResponseMessage response, string mediaType = "application/json")
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.Content.Headers.ContentType?.MediaType == mediaType,
            $"Expected a {mediaType} body, got '{response.Content.Headers.ContentType}' with status {(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text)?.AsObject() ?? throw new InvalidOperationException("The body is JSON null.");
    }

    /// <summary>
    /// Asserts the status and the problem body (docs/runtime-api.md, "Errors"): <c>status</c>, a <c>title</c>,
    /// the stable <c>error</c> code and the sentence in <c>detail</c>, which it returns.
    /// </summary>
    public static async Task<string> AssertErrorAsync(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        var body = await ReadObjectAsync(response, "application/problem+json");
        Assert.True(status == response.StatusCode, $"Expected {(int)status} {code}, got {(int)response.StatusCode}: {body.ToJsonString()}");
        Assert.Equal(code, (string?)body["error"]);
        Assert.Equal((int)status, (int?)body["status"]);
        Assert.False(string.IsNullOrWhiteSpace((string?)body["title"]), "The problem needs a title.");
        var message = (string?)body["detail"];
        Assert.False(string.IsNullOrWhiteSpace(message), "The problem needs a detail sentence.");
        Assert.Equal(["detail", "error", "status", "title", "traceId", "type"], body.Select(p => p.Key).Order(StringComparer.Ordinal));
        return message!;
    }

    public static async Task<JsonObject> AssertOkAsync(HttpResponseMessage response, HttpStatusCode status = HttpStatusCode.OK)
    {
        var body = await ReadObjectAsync(response);
        Assert.True(status == response.StatusCode, $"Expected {(int)status}, got {(int)response.StatusCode}: {body.ToJsonString()}");
        return body;
    }

    public static async Task DeployAsync(HttpClient client, AgentDefinition definition)
    {
        using var response = await client.PutAsync($"/v1/agents/{definition.Name}", Definition(definition));
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    public static async Task<string> CreateSessionAsync(HttpClient client, string agent)
    {
        using var response = await client.PostAsync($"/v1/agents/{agent}/sessions", null);
        var body = await AssertOkAsync(response, HttpStatusCode.Created);
        return (string)body["session_id"]!;
    }

    public static async Task<JsonObject> SendAsync(HttpClient client, string agent, string sessionId, string message, string? idempotencyKey = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/v1/agents/{agent}/sessions/{sessionId}")
        {
            Content = JsonContent.Create(new JsonObject { ["message"] = message }),
        };
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        using var response = await client.SendAsync(request);
        return await AssertOkAsync(response);
    }

    /// <summary>The whole history, oldest first, read page by page through the cursor.</summary>
    public static async Task<List<(string Role, string Content)>> HistoryAsync(HttpClient client, string agent, string sessionId, int pageSize = 1000)
    {
        var pages = new List<List<(string, string)>>();
        string? cursor = null;
        do
        {
            var url = $"/v1/agents/{agent}/sessions/{sessionId}/messages?limit={pageSize}" + (cursor is null ? string.Empty : $"&before={Uri.EscapeDataString(cursor)}");
            using var response = await client.GetAsync(url);
            var body = await AssertOkAsync(response);
            pages.Add(body["messages"]!.AsArray().Select(m => ((string)m!["role"]!, (string)m["content"]!)).ToList());
            cursor = (string?)body["next_cursor"];
        }
        while (cursor is not null);

        pages.Reverse();
        return pages.SelectMany(p => p).ToList();
    }
}
