using System.Net;
using System.Text.Json.Nodes;
using AgentSpec.Runtime.Tests.Hosting;

namespace AgentSpec.Runtime.Tests.Sessions;

public sealed class SessionsApiTests : IAsyncLifetime
{
    private const string Agent = "support-bot";
    private RuntimeInstance _runtime = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        _runtime = await RuntimeInstance.StartAsync();
        _client = _runtime.CreateClient();
        await Api.DeployAsync(_client, TestAgents.Create(Agent));
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _runtime.DisposeAsync();
    }

    [Fact]
    public async Task Create_send_read_list_and_delete_a_session()
    {
        using var created = await _client.PostAsync($"/v1/agents/{Agent}/sessions", Api.Json("""{"metadata":{"customer":"c-42"}}"""));
        var createdBody = await Api.AssertOkAsync(created, HttpStatusCode.Created);
        var session = (string)createdBody["session_id"]!;
        Assert.StartsWith("sess_", session, StringComparison.Ordinal);
        Assert.Equal(Agent, (string?)createdBody["agent"]);
        Assert.NotNull(createdBody["created_at"]);
        Assert.Equal($"/v1/agents/{Agent}/sessions/{session}", created.Headers.Location?.OriginalString);

        var reply = await Api.SendAsync(_client, Agent, session, "Where is my order?");
        Assert.Equal("[offline model] support-bot received: Where is my order?", (string?)reply["output"]);
        Assert.Equal(session, (string?)reply["session_id"]);
        Assert.Equal(1, (int)reply["turns"]!);
        Assert.True((long)reply["duration_ms"]! >= 0);

        Assert.Equal(
            [("user", "Where is my order?"), ("assistant", "[offline model] support-bot received: Where is my order?")],
            await Api.HistoryAsync(_client, Agent, session));

        using var list = await _client.GetAsync($"/v1/agents/{Agent}/sessions");
        var listed = Assert.Single((await Api.AssertOkAsync(list))["sessions"]!.AsArray());
        Assert.Equal(session, (string?)listed!["session_id"]);
        Assert.Equal("c-42", (string?)listed["metadata"]!["customer"]);

        using var deleted = await _client.DeleteAsync($"/v1/agents/{Agent}/sessions/{session}");
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        using var deletedAgain = await _client.DeleteAsync($"/v1/agents/{Agent}/sessions/{session}");
        await Api.AssertErrorAsync(deletedAgain, HttpStatusCode.NotFound, "not_found");
        using var history = await _client.GetAsync($"/v1/agents/{Agent}/sessions/{session}/messages");
        await Api.AssertErrorAsync(history, HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task A_session_can_be_created_without_a_body_or_with_an_empty_object()
    {
        using var none = await _client.PostAsync($"/v1/agents/{Agent}/sessions", null);
        await Api.AssertOkAsync(none, HttpStatusCode.Created);
        using var empty = await _client.PostAsync($"/v1/agents/{Agent}/sessions", Api.Json("{}"));
        await Api.AssertOkAsync(empty, HttpStatusCode.Created);
    }

    [Fact]
    public async Task The_offline_model_is_deterministic()
    {
        var first = await Api.CreateSessionAsync(_client, Agent);
        var second = await Api.CreateSessionAsync(_client, Agent);
        var a = await Api.SendAsync(_client, Agent, first, "same words");
        var b = await Api.SendAsync(_client, Agent, second, "same words");
        var c = await Api.SendAsync(_client, Agent, first, "same words");
        Assert.Equal((string?)a["output"], (string?)b["output"]);
        Assert.Equal((string?)a["output"], (string?)c["output"]);
        Assert.Equal("[offline model] support-bot received: same words", (string?)a["output"]);
    }

    [Fact]
    public async Task History_pages_from_the_newest_window_back_through_the_cursor()
    {
        var session = await Api.CreateSessionAsync(_client, Agent);
        for (var i = 1; i <= 5; i++)
        {
            await Api.SendAsync(_client, Agent, session, $"m{i}");
        }

        using var newest = await _client.GetAsync($"/v1/agents/{Agent}/sessions/{session}/messages?limit=4");
        var page = await Api.AssertOkAsync(newest);
        Assert.Equal(["m4", "[offline model] support-bot received: m4", "m5", "[offline model] support-bot received: m5"], Contents(page));
        var cursor = (string)page["next_cursor"]!;

        using var older = await _client.GetAsync($"/v1/agents/{Agent}/sessions/{session}/messages?limit=4&before={Uri.EscapeDataString(cursor)}");
        var olderPage = await Api.AssertOkAsync(older);
        Assert.Equal(["m2", "[offline model] support-bot received: m2", "m3", "[offline model] support-bot received: m3"], Contents(olderPage));

        using var oldest = await _client.GetAsync($"/v1/agents/{Agent}/sessions/{session}/messages?limit=4&before={Uri.EscapeDataString((string)olderPage["next_cursor"]!)}");
        var oldestPage = await Api.AssertOkAsync(oldest);
        Assert.Equal(["m1", "[offline model] support-bot received: m1"], Contents(oldestPage));
        Assert.True(oldestPage.ContainsKey("next_cursor"));
        Assert.Null(oldestPage["next_cursor"]);

        using var all = await _client.GetAsync($"/v1/agents/{Agent}/sessions/{session}/messages");
        Assert.Equal(10, (await Api.AssertOkAsync(all))["messages"]!.AsArray().Count);
    }

    [Fact]
    public async Task An_empty_session_has_an_empty_history()
    {
        var session = await Api.CreateSessionAsync(_client, Agent);
        using var response = await _client.GetAsync($"/v1/agents/{Agent}/sessions/{session}/messages");
        var body = await Api.AssertOkAsync(response);
        Assert.Empty(body["messages"]!.AsArray());
        Assert.Null(body["next_cursor"]);
    }

    [Fact]
    public async Task Memory_max_messages_trims_the_history_to_the_newest()
    {
        await Api.DeployAsync(_client, TestAgents.Create("short-memory", maxMessages: 4));
        var session = await Api.CreateSessionAsync(_client, "short-memory");
        for (var i = 1; i <= 5; i++)
        {
            await Api.SendAsync(_client, "short-memory", session, $"m{i}");
        }

        var history = await Api.HistoryAsync(_client, "short-memory", session);
        Assert.Equal(["m4", "[offline model] short-memory received: m4", "m5", "[offline model] short-memory received: m5"], history.Select(m => m.Content));
    }

    [Fact]
    public async Task Invoke_creates_a_session_or_continues_the_given_one()
    {
        using var first = await _client.PostAsync($"/v1/agents/{Agent}/invoke", Api.Json("""{"message":"hello"}"""));
        var firstBody = await Api.AssertOkAsync(first);
        var session = (string)firstBody["session_id"]!;
        Assert.Equal("[offline model] support-bot received: hello", (string?)firstBody["output"]);
        Assert.Equal(1, (int)firstBody["turns"]!);

        using var second = await _client.PostAsync($"/v1/agents/{Agent}/invoke", Api.Json(new JsonObject { ["message"] = "again", ["session_id"] = session }));
        var secondBody = await Api.AssertOkAsync(second);
        Assert.Equal(session, (string?)secondBody["session_id"]);

        var history = await Api.HistoryAsync(_client, Agent, session);
        ChatHistoryAssert.ExactlyOneTurnEach(history, Agent, ["hello", "again"]);
    }

    [Fact]
    public async Task A_retry_with_the_same_idempotency_key_returns_the_first_reply_and_appends_nothing()
    {
        var session = await Api.CreateSessionAsync(_client, Agent);
        var first = await Api.SendAsync(_client, Agent, session, "pay invoice 7", idempotencyKey: "turn-1");
        var retry = await Api.SendAsync(_client, Agent, session, "pay invoice 7", idempotencyKey: "turn-1");
        var changedRetry = await Api.SendAsync(_client, Agent, session, "something else", idempotencyKey: "turn-1");

        Assert.Equal((string?)first["output"], (string?)retry["output"]);
        Assert.Equal((string?)first["output"], (string?)changedRetry["output"]);
        ChatHistoryAssert.ExactlyOneTurnEach(await Api.HistoryAsync(_client, Agent, session), Agent, ["pay invoice 7"]);

        await Api.SendAsync(_client, Agent, session, "next", idempotencyKey: "turn-2");
        ChatHistoryAssert.ExactlyOneTurnEach(await Api.HistoryAsync(_client, Agent, session), Agent, ["pay invoice 7", "next"]);
    }

    [Fact]
    public async Task The_same_idempotency_key_sent_5_times_concurrently_appends_one_turn()
    {
        var session = await Api.CreateSessionAsync(_client, Agent);
        var replies = await Task.WhenAll(Enumerable.Range(0, 5).Select(i =>
            Api.SendAsync(_client, Agent, session, $"attempt {i}", idempotencyKey: "one-turn")));

        var history = await Api.HistoryAsync(_client, Agent, session);
        Assert.Equal(2, history.Count);
        Assert.All(replies, r => Assert.Equal(history[1].Content, (string?)r["output"]));
        ChatHistoryAssert.ExactlyOneTurnEach(history, Agent, [history[0].Content]);
    }

    [Fact]
    public async Task One_hundred_concurrent_messages_to_one_session_make_exactly_200_messages_in_adjacent_pairs()
    {
        var session = await Api.CreateSessionAsync(_client, Agent);
        var messages = Enumerable.Range(0, 100).Select(i => $"concurrent message {i}").ToList();
        await Task.WhenAll(messages.Select(m => Api.SendAsync(_client, Agent, session, m)));

        ChatHistoryAssert.ExactlyOneTurnEach(await Api.HistoryAsync(_client, Agent, session, pageSize: 64), Agent, messages);
    }

    [Fact]
    public async Task Sessions_are_listed_per_agent_with_a_limit()
    {
        await Api.DeployAsync(_client, TestAgents.Create("lister"));
        var sessions = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            sessions.Add(await Api.CreateSessionAsync(_client, "lister"));
        }

        await Api.CreateSessionAsync(_client, Agent);
        using var all = await _client.GetAsync("/v1/agents/lister/sessions");
        var allBody = await Api.AssertOkAsync(all);
        Assert.Equal(sessions.Order(StringComparer.Ordinal), allBody["sessions"]!.AsArray().Select(s => (string)s!["session_id"]!).Order(StringComparer.Ordinal));
        Assert.False((bool)allBody["has_more"]!);

        using var limited = await _client.GetAsync("/v1/agents/lister/sessions?limit=2");
        var limitedBody = await Api.AssertOkAsync(limited);
        Assert.Equal(2, limitedBody["sessions"]!.AsArray().Count);
        Assert.True((bool)limitedBody["has_more"]!);
    }

    private static List<string> Contents(JsonObject page) =>
        page["messages"]!.AsArray().Select(m => (string)m!["content"]!).ToList();
}
