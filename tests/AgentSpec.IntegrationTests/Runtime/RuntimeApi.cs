using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AgentSpec.Core.Apply;

namespace AgentSpec.IntegrationTests.Runtime;

/// <summary>
/// The runtime's HTTP API as the tests use it, written against the wire contract (snake_case JSON,
/// <c>X-API-Key</c>) rather than the CLI's client, so the tests check what any client sees.
/// </summary>
public sealed class RuntimeApi
{
    private readonly HttpClient _http;

    public RuntimeApi(HttpClient http)
    {
        _http = http;
    }

    /// <summary><c>PUT /v1/agents/{name}</c>: 201 created or 200 updated/unchanged.</summary>
    public async Task DeployAgentAsync(AgentDefinition definition, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(definition);
        using var response = await _http.PutAsJsonAsync(
            new Uri($"/v1/agents/{definition.Name}", UriKind.Relative),
            definition,
            AgentDefinitionJsonContext.Default.AgentDefinition,
            cancellationToken);
        await EnsureAsync(response, [HttpStatusCode.OK, HttpStatusCode.Created], cancellationToken);
    }

    /// <summary><c>GET /v1/agents</c>: the names of the deployed agents.</summary>
    public async Task<IReadOnlyList<string>> AgentNamesAsync(CancellationToken cancellationToken)
    {
        using var response = await _http.GetAsync(new Uri("/v1/agents", UriKind.Relative), cancellationToken);
        using var body = await EnsureAsync(response, [HttpStatusCode.OK], cancellationToken);
        return body.RootElement.GetProperty("agents").EnumerateArray().Select(a => a.GetProperty("name").GetString()!).ToArray();
    }

    /// <summary><c>POST /v1/agents/{agent}/sessions</c>: 201 with the new session's id.</summary>
    public async Task<string> CreateSessionAsync(string agent, CancellationToken cancellationToken)
    {
        using var content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json");
        using var response = await _http.PostAsync(new Uri($"/v1/agents/{agent}/sessions", UriKind.Relative), content, cancellationToken);
        using var body = await EnsureAsync(response, [HttpStatusCode.Created], cancellationToken);
        return body.RootElement.GetProperty("session_id").GetString()!;
    }

    /// <summary>
    /// <c>POST /v1/agents/{agent}/sessions/{id}</c> with <c>{"message": …}</c>. Returns the reply on 200 (the
    /// turn is acknowledged) and null on any other answer or a transport failure (not acknowledged).
    /// </summary>
    public async Task<string?> TrySendAsync(string agent, string sessionId, string message, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await _http.PostAsJsonAsync(
                new Uri($"/v1/agents/{agent}/sessions/{sessionId}", UriKind.Relative),
                new Dictionary<string, string> { ["message"] = message },
                cancellationToken);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                return null;
            }

            using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
            return body.RootElement.GetProperty("output").GetString();
        }
        catch (HttpRequestException)
        {
            return null;
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }

    /// <summary>Sends a turn that must be acknowledged.</summary>
    public async Task<string> SendAsync(string agent, string sessionId, string message, CancellationToken cancellationToken)
    {
        using var response = await _http.PostAsJsonAsync(
            new Uri($"/v1/agents/{agent}/sessions/{sessionId}", UriKind.Relative),
            new Dictionary<string, string> { ["message"] = message },
            cancellationToken);
        using var body = await EnsureAsync(response, [HttpStatusCode.OK], cancellationToken);
        return body.RootElement.GetProperty("output").GetString()!;
    }

    /// <summary>The whole history, oldest first, read page by page (<c>?limit=N</c>, then <c>before=next_cursor</c>).</summary>
    public async Task<IReadOnlyList<ChatMessageView>> AllMessagesAsync(string agent, string sessionId, CancellationToken cancellationToken)
    {
        const int PageSize = 1000;
        var pages = new List<IReadOnlyList<ChatMessageView>>();
        string? cursor = null;
        do
        {
            var query = $"/v1/agents/{agent}/sessions/{sessionId}/messages?limit={PageSize}" + (cursor is null ? string.Empty : $"&before={Uri.EscapeDataString(cursor)}");
            using var response = await _http.GetAsync(new Uri(query, UriKind.Relative), cancellationToken);
            using var body = await EnsureAsync(response, [HttpStatusCode.OK], cancellationToken);
            pages.Add(body.RootElement.GetProperty("messages").EnumerateArray()
                .Select(m => new ChatMessageView(m.GetProperty("role").GetString()!, m.GetProperty("content").GetString()!))
                .ToArray());
            var next = body.RootElement.GetProperty("next_cursor");
            cursor = next.ValueKind == JsonValueKind.Null ? null : next.GetString();
        }
        while (cursor is not null);

        // Each page is oldest first and every next page is older than the one before it.
        pages.Reverse();
        return pages.SelectMany(p => p).ToArray();
    }

    private static async Task<JsonDocument> EnsureAsync(HttpResponseMessage response, HttpStatusCode[] expected, CancellationToken cancellationToken)
    {
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!expected.Contains(response.StatusCode))
        {
            throw new HttpRequestException(
                $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri} answered {(int)response.StatusCode}: {text}",
                null,
                response.StatusCode);
        }

        return JsonDocument.Parse(string.IsNullOrEmpty(text) ? "{}" : text);
    }
}
