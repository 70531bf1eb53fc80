using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using AgentSpec.Core.Sessions;
using AgentSpec.Runtime.Tests.Hosting;

namespace AgentSpec.Runtime.Tests.Errors;

/// <summary>Every kind of bad input gets its documented status and error code, never a 500 and never a non-JSON body.</summary>
public sealed class BadInputTests : IAsyncLifetime
{
    private const string Agent = "support-bot";
    private RuntimeInstance _runtime = null!;
    private HttpClient _client = null!;
    private string _session = null!;

    public async Task InitializeAsync()
    {
        _runtime = await RuntimeInstance.StartAsync();
        _client = _runtime.CreateClient();
        await Api.DeployAsync(_client, TestAgents.Create(Agent));
        await Api.DeployAsync(_client, TestAgents.Create("other-bot"));
        _session = await Api.CreateSessionAsync(_client, Agent);
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _runtime.DisposeAsync();
    }

    public static TheoryData<string, string> MalformedMessageBodies => new()
    {
        { "{not json", "not valid JSON" },
        { "{\"message\": \"unterminated", "not valid JSON" },
        { "{\"message\": 42}", "'message' has the wrong type" },
        { "{\"message\": true}", "'message' has the wrong type" },
        { "{\"message\": {\"text\": \"hi\"}}", "'message' has the wrong type" },
        { "{\"message\": [\"hi\"]}", "'message' has the wrong type" },
        { "{}", "'message' is required" },
        { "{\"message\": null}", "'message' is required" },
        { "{\"message\": \"\"}", "must not be empty" },
        { "{\"message\": \"   \"}", "must not be empty" },
        { "{\"text\": \"hi\"}", "'message' is required" },
        { "[]", "wrong shape" },
        { "\"hi\"", "wrong shape" },
        { "null", "not null" },
        { "", "empty" },
        { "{\"message\": \"hi\"} trailing", "not valid JSON" },
    };

    [Theory]
    [MemberData(nameof(MalformedMessageBodies))]
    public async Task A_malformed_session_message_is_400_invalid_request(string body, string expected)
    {
        using var response = await _client.PostAsync($"/v1/agents/{Agent}/sessions/{_session}", Api.Json(body));
        var message = await Api.AssertErrorAsync(response, HttpStatusCode.BadRequest, "invalid_request");
        Assert.Contains(expected, message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(MalformedMessageBodies))]
    public async Task A_malformed_invoke_is_400_invalid_request(string body, string expected)
    {
        using var response = await _client.PostAsync($"/v1/agents/{Agent}/invoke", Api.Json(body));
        var message = await Api.AssertErrorAsync(response, HttpStatusCode.BadRequest, "invalid_request");
        Assert.Contains(expected, message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"metadata\": \"team\"}", "'metadata' has the wrong type")]
    [InlineData("{\"metadata\": {\"team\": 7}}", "'metadata.team' has the wrong type")]
    [InlineData("{\"metadata\": [1]}", "'metadata' has the wrong type")]
    [InlineData("{oops", "not valid JSON")]
    public async Task A_malformed_session_creation_is_400(string body, string expected)
    {
        using var response = await _client.PostAsync($"/v1/agents/{Agent}/sessions", Api.Json(body));
        var message = await Api.AssertErrorAsync(response, HttpStatusCode.BadRequest, "invalid_request");
        Assert.Contains(expected, message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_body_that_is_not_JSON_by_content_type_is_400()
    {
        using var content = new StringContent("message=hi", Encoding.UTF8, "application/x-www-form-urlencoded");
        using var response = await _client.PostAsync($"/v1/agents/{Agent}/sessions/{_session}", content);
        var message = await Api.AssertErrorAsync(response, HttpStatusCode.BadRequest, "invalid_request");
        Assert.Contains("application/json", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_body_over_1_MiB_is_413_whether_or_not_it_declares_its_length()
    {
        var huge = "{\"message\":\"" + new string('a', 1024 * 1024) + "\"}";
        using var declared = await _client.PostAsync($"/v1/agents/{Agent}/sessions/{_session}", Api.Json(huge));
        await Api.AssertErrorAsync(declared, HttpStatusCode.RequestEntityTooLarge, "payload_too_large");

        using var chunked = new HttpRequestMessage(HttpMethod.Post, $"/v1/agents/{Agent}/sessions/{_session}")
        {
            Content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(huge))),
        };
        chunked.Content.Headers.ContentType = new("application/json");
        chunked.Headers.TransferEncodingChunked = true;
        using var streamed = await _client.SendAsync(chunked);
        await Api.AssertErrorAsync(streamed, HttpStatusCode.RequestEntityTooLarge, "payload_too_large");

        using var deploy = await _client.PutAsync($"/v1/agents/{Agent}", Api.Json(huge));
        await Api.AssertErrorAsync(deploy, HttpStatusCode.RequestEntityTooLarge, "payload_too_large");
        Assert.Empty(await Api.HistoryAsync(_client, Agent, _session));
    }

    [Fact]
    public async Task A_message_over_64_KiB_is_413_and_one_at_the_limit_is_accepted()
    {
        using var tooLong = await _client.PostAsync($"/v1/agents/{Agent}/sessions/{_session}", Api.Json(new JsonObject { ["message"] = new string('x', 64 * 1024 + 1) }));
        var message = await Api.AssertErrorAsync(tooLong, HttpStatusCode.RequestEntityTooLarge, "payload_too_large");
        Assert.Contains("65536", message, StringComparison.Ordinal);

        // 22,000 three-byte characters: few characters, too many bytes.
        using var wide = await _client.PostAsync($"/v1/agents/{Agent}/invoke", Api.Json(new JsonObject { ["message"] = new string('€', 22_000) }));
        await Api.AssertErrorAsync(wide, HttpStatusCode.RequestEntityTooLarge, "payload_too_large");
        Assert.Empty(await Api.HistoryAsync(_client, Agent, _session));

        var atLimit = await Api.SendAsync(_client, Agent, _session, new string('y', 64 * 1024));
        Assert.EndsWith(new string('y', 100), (string)atLimit["output"]!, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("not-a-session")]
    [InlineData("sess_short")]
    [InlineData("sess_AAAAAAAAAAAAAAAAAAAAA!")]
    [InlineData("SESS_AAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("sess_AAAAAAAAAAAAAAAAAAAAAA%7B")]
    public async Task An_invalid_session_id_is_400_on_every_session_endpoint(string id)
    {
        using var send = await _client.PostAsync($"/v1/agents/{Agent}/sessions/{id}", Api.Json("{\"message\":\"hi\"}"));
        await Api.AssertErrorAsync(send, HttpStatusCode.BadRequest, "invalid_request");
        using var history = await _client.GetAsync($"/v1/agents/{Agent}/sessions/{id}/messages");
        await Api.AssertErrorAsync(history, HttpStatusCode.BadRequest, "invalid_request");
        using var delete = await _client.DeleteAsync($"/v1/agents/{Agent}/sessions/{id}");
        await Api.AssertErrorAsync(delete, HttpStatusCode.BadRequest, "invalid_request");
        using var invoke = await _client.PostAsync($"/v1/agents/{Agent}/invoke", Api.Json(new JsonObject { ["message"] = "hi", ["session_id"] = id }));
        await Api.AssertErrorAsync(invoke, HttpStatusCode.BadRequest, "invalid_request");
    }

    [Fact]
    public async Task A_well_formed_but_unknown_session_is_404()
    {
        var unknown = SessionId.New();
        using var send = await _client.PostAsync($"/v1/agents/{Agent}/sessions/{unknown}", Api.Json("{\"message\":\"hi\"}"));
        await Api.AssertErrorAsync(send, HttpStatusCode.NotFound, "not_found");
        using var history = await _client.GetAsync($"/v1/agents/{Agent}/sessions/{unknown}/messages");
        await Api.AssertErrorAsync(history, HttpStatusCode.NotFound, "not_found");
        using var delete = await _client.DeleteAsync($"/v1/agents/{Agent}/sessions/{unknown}");
        await Api.AssertErrorAsync(delete, HttpStatusCode.NotFound, "not_found");
        using var invoke = await _client.PostAsync($"/v1/agents/{Agent}/invoke", Api.Json(new JsonObject { ["message"] = "hi", ["session_id"] = unknown }));
        await Api.AssertErrorAsync(invoke, HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task A_session_of_another_agent_is_404_and_stays_untouched()
    {
        using var send = await _client.PostAsync($"/v1/agents/other-bot/sessions/{_session}", Api.Json("{\"message\":\"hi\"}"));
        await Api.AssertErrorAsync(send, HttpStatusCode.NotFound, "not_found");
        using var history = await _client.GetAsync($"/v1/agents/other-bot/sessions/{_session}/messages");
        await Api.AssertErrorAsync(history, HttpStatusCode.NotFound, "not_found");
        using var delete = await _client.DeleteAsync($"/v1/agents/other-bot/sessions/{_session}");
        await Api.AssertErrorAsync(delete, HttpStatusCode.NotFound, "not_found");
        using var invoke = await _client.PostAsync("/v1/agents/other-bot/invoke", Api.Json(new JsonObject { ["message"] = "hi", ["session_id"] = _session }));
        await Api.AssertErrorAsync(invoke, HttpStatusCode.NotFound, "not_found");

        Assert.Empty(await Api.HistoryAsync(_client, Agent, _session));
        using var list = await _client.GetAsync("/v1/agents/other-bot/sessions");
        Assert.Empty((await Api.AssertOkAsync(list))["sessions"]!.AsArray());
    }

    [Theory]
    [InlineData("POST", "/v1/agents/nobody/sessions")]
    [InlineData("GET", "/v1/agents/nobody/sessions")]
    [InlineData("POST", "/v1/agents/nobody/invoke")]
    [InlineData("GET", "/v1/agents/nobody")]
    [InlineData("DELETE", "/v1/agents/nobody")]
    public async Task An_unknown_agent_is_404(string method, string path)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = method == "POST" ? Api.Json("{\"message\":\"hi\"}") : null };
        using var response = await _client.SendAsync(request);
        var message = await Api.AssertErrorAsync(response, HttpStatusCode.NotFound, "not_found");
        Assert.Contains("nobody", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("GET", "/v1/agents/bad%20name")]
    [InlineData("PUT", "/v1/agents/-dash")]
    [InlineData("POST", "/v1/agents/bad%7Bname%7D/sessions")]
    [InlineData("POST", "/v1/agents/%C3%BC/invoke")]
    public async Task An_invalid_agent_name_is_400(string method, string path)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = method != "GET" ? Api.Json("{\"message\":\"hi\"}") : null };
        using var response = await _client.SendAsync(request);
        var message = await Api.AssertErrorAsync(response, HttpStatusCode.BadRequest, "invalid_request");
        Assert.Contains("not a valid agent name", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("limit=0")]
    [InlineData("limit=-1")]
    [InlineData("limit=1001")]
    [InlineData("limit=ten")]
    [InlineData("limit=1&limit=2")]
    [InlineData("before=")]
    [InlineData("before=not-a-cursor")]
    [InlineData("before=0")]
    [InlineData("before=99999999999999999999999")]
    public async Task Invalid_history_paging_is_400(string query)
    {
        using var response = await _client.GetAsync($"/v1/agents/{Agent}/sessions/{_session}/messages?{query}");
        await Api.AssertErrorAsync(response, HttpStatusCode.BadRequest, "invalid_request");
    }

    [Theory]
    [InlineData("has space")]
    [InlineData("glob*")]
    [InlineData("")]
    public async Task An_invalid_idempotency_key_is_400(string key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/v1/agents/{Agent}/sessions/{_session}") { Content = Api.Json("{\"message\":\"hi\"}") };
        request.Headers.TryAddWithoutValidation("Idempotency-Key", key);
        using var response = await _client.SendAsync(request);
        var message = await Api.AssertErrorAsync(response, HttpStatusCode.BadRequest, "invalid_request");
        Assert.Contains("Idempotency-Key", message, StringComparison.Ordinal);
        Assert.Empty(await Api.HistoryAsync(_client, Agent, _session));
    }

    [Fact]
    public async Task An_idempotency_key_longer_than_200_characters_is_400()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/v1/agents/{Agent}/sessions/{_session}") { Content = Api.Json("{\"message\":\"hi\"}") };
        request.Headers.Add("Idempotency-Key", new string('k', 201));
        using var response = await _client.SendAsync(request);
        await Api.AssertErrorAsync(response, HttpStatusCode.BadRequest, "invalid_request");
    }

    [Fact]
    public async Task Invoke_with_an_idempotency_key_but_no_session_is_400()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/v1/agents/{Agent}/invoke") { Content = Api.Json("{\"message\":\"hi\"}") };
        request.Headers.Add("Idempotency-Key", "k1");
        using var response = await _client.SendAsync(request);
        var message = await Api.AssertErrorAsync(response, HttpStatusCode.BadRequest, "invalid_request");
        Assert.Contains("session_id", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("GET", "/")]
    [InlineData("GET", "/v1")]
    [InlineData("GET", "/v1/agents/support-bot/sessions/sess_AAAAAAAAAAAAAAAAAAAAAA/nothing")]
    public async Task An_unknown_route_is_a_JSON_404(string method, string path)
    {
        using var response = await _client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));
        await Api.AssertErrorAsync(response, HttpStatusCode.NotFound, "not_found");
    }

    [Theory]
    [InlineData("PATCH", "/v1/agents/support-bot")]
    [InlineData("POST", "/v1/agents")]
    [InlineData("PUT", "/v1/agents/support-bot/sessions")]
    public async Task A_wrong_method_is_a_JSON_405(string method, string path)
    {
        using var response = await _client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path) { Content = Api.Json("{}") });
        await Api.AssertErrorAsync(response, HttpStatusCode.MethodNotAllowed, "invalid_request");
    }

    [Fact]
    public async Task Bad_input_left_nothing_behind()
    {
        using var response = await _client.PostAsync($"/v1/agents/{Agent}/sessions/{_session}", Api.Json("{\"message\": 1}"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Empty(await Api.HistoryAsync(_client, Agent, _session));
        Assert.DoesNotContain(_runtime.Logs.GetSnapshot(), r => r.Level >= Microsoft.Extensions.Logging.LogLevel.Error);
    }
}
