using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using AgentSpec.Cli.Runtime;
using AgentSpec.Core.Apply;
using AgentSpec.Core.Resources;
using AgentSpec.Core.RuntimeApi;
using AgentSpec.Runtime.Tests.Hosting;

namespace AgentSpec.Cli.Tests.Runtime;

public sealed class RuntimeClientTests : IAsyncLifetime
{
    private RuntimeInstance _runtime = null!;
    private RuntimeClient _client = null!;

    public async Task InitializeAsync()
    {
        _runtime = await RuntimeInstance.StartAsync();
        _client = TestRuntimeClients.Create(_runtime.BaseAddress, RuntimeInstance.ApiKey);
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _runtime.DisposeAsync();
    }

    [Fact]
    public async Task Deploys_lists_gets_updates_and_deletes_agents()
    {
        var definition = Definition("support-bot", "You are a support agent.");
        var created = await _client.DeployAgentAsync(definition);
        Assert.Equal(("support-bot", definition.Hash, DeployStatus.Created), (created.Name, created.Hash, created.Status));

        var unchanged = await _client.DeployAgentAsync(definition);
        Assert.Equal("unchanged", unchanged.Status);
        Assert.Equal(DeployStatus.Unchanged, unchanged.Status);

        var changed = Definition("support-bot", "You are a terse support agent.");
        var updated = await _client.DeployAgentAsync(changed);
        Assert.Equal("updated", updated.Status);
        Assert.Equal(created.DeployedAt, updated.DeployedAt);

        var listed = Assert.Single(await _client.ListAgentsAsync());
        Assert.Equal(("support-bot", "support-bot/Agent/support-bot", changed.Hash, "support"), (listed.Name, listed.Fqn, listed.Hash, listed.Prompt));

        var details = await _client.GetAgentAsync("support-bot");
        Assert.NotNull(details);
        Assert.Equal("You are a terse support agent.", details.Definition.Prompt?.Content);
        Assert.Equal(changed.Hash, details.Definition.ComputeHash());

        Assert.True(await _client.DeleteAgentAsync("support-bot"));
        Assert.False(await _client.DeleteAgentAsync("support-bot"));
        Assert.Null(await _client.GetAgentAsync("support-bot"));
        Assert.Empty(await _client.ListAgentsAsync());
    }

    [Fact]
    public async Task Creates_sessions_chats_reads_history_lists_and_deletes()
    {
        await _client.DeployAgentAsync(Definition("support-bot", "Help."));
        var session = await _client.CreateSessionAsync("support-bot", new Dictionary<string, string> { ["customer"] = "c-1" });
        Assert.Equal("support-bot", session.Agent);

        var reply = await _client.SendMessageAsync("support-bot", session.SessionId, "Where is my order?");
        Assert.Equal("[offline model] support-bot received: Where is my order?", reply.Output);
        Assert.Equal((session.SessionId, 1), (reply.SessionId, reply.Turns));
        await _client.SendMessageAsync("support-bot", session.SessionId, "Thanks");

        var newest = await _client.GetMessagesAsync("support-bot", session.SessionId, limit: 2);
        Assert.Equal(["Thanks", "[offline model] support-bot received: Thanks"], newest.Messages.Select(m => m.Content));
        Assert.NotNull(newest.NextCursor);
        var older = await _client.GetMessagesAsync("support-bot", session.SessionId, limit: 2, before: newest.NextCursor);
        Assert.Equal(["user", "assistant"], older.Messages.Select(m => m.Role));
        Assert.Null(older.NextCursor);
        Assert.Equal(4, (await _client.GetAllMessagesAsync("support-bot", session.SessionId, pageSize: 3)).Count);

        var sessions = await _client.ListSessionsAsync("support-bot");
        var listed = Assert.Single(sessions.Sessions);
        Assert.Equal("c-1", listed.Metadata?["customer"]);
        Assert.False(sessions.HasMore);

        Assert.True(await _client.DeleteSessionAsync("support-bot", session.SessionId));
        Assert.False(await _client.DeleteSessionAsync("support-bot", session.SessionId));
    }

    [Fact]
    public async Task Invoke_creates_or_continues_a_session()
    {
        await _client.DeployAgentAsync(Definition("support-bot", "Help."));
        var first = await _client.InvokeAsync("support-bot", "hello");
        var second = await _client.InvokeAsync("support-bot", "again", first.SessionId);
        Assert.Equal(first.SessionId, second.SessionId);
        Assert.Equal(4, (await _client.GetAllMessagesAsync("support-bot", first.SessionId)).Count);
    }

    [Fact]
    public async Task A_retried_send_with_the_same_key_is_stored_once()
    {
        await _client.DeployAgentAsync(Definition("support-bot", "Help."));
        var session = await _client.CreateSessionAsync("support-bot");
        var first = await _client.SendMessageAsync("support-bot", session.SessionId, "charge me", idempotencyKey: "charge-1");
        var retry = await _client.SendMessageAsync("support-bot", session.SessionId, "charge me", idempotencyKey: "charge-1");
        Assert.Equal(first.Output, retry.Output);
        Assert.Equal(2, (await _client.GetAllMessagesAsync("support-bot", session.SessionId)).Count);
    }

    [Fact]
    public async Task Health_needs_no_key_and_shows_counts_only_with_one()
    {
        using var anonymous = TestRuntimeClients.Create(_runtime.BaseAddress, apiKey: null);
        var health = await anonymous.GetHealthAsync();
        Assert.Equal(("ok", null, null), (health.Status, health.Agents, health.Model));

        var detailed = await _client.GetHealthAsync();
        Assert.Equal(("ok", 0L, "offline"), (detailed.Status, detailed.Agents, detailed.Model));
    }

    [Fact]
    public async Task Error_answers_become_typed_exceptions_with_status_code_and_sentence()
    {
        using var wrongKey = TestRuntimeClients.Create(_runtime.BaseAddress, "wrong");
        var unauthorized = await Assert.ThrowsAsync<RuntimeApiException>(() => wrongKey.ListAgentsAsync());
        Assert.Equal((HttpStatusCode.Unauthorized, "unauthorized"), (unauthorized.StatusCode, unauthorized.ErrorCode));
        Assert.Equal("The API key is not valid.", unauthorized.Message);

        var unknownAgent = await Assert.ThrowsAsync<RuntimeApiException>(() => _client.CreateSessionAsync("nobody"));
        Assert.Equal((HttpStatusCode.NotFound, "not_found"), (unknownAgent.StatusCode, unknownAgent.ErrorCode));
        Assert.Contains("nobody", unknownAgent.Message, StringComparison.Ordinal);

        await _client.DeployAgentAsync(Definition("support-bot", "Help."));
        var session = await _client.CreateSessionAsync("support-bot");
        var tooLarge = await Assert.ThrowsAsync<RuntimeApiException>(() => _client.SendMessageAsync("support-bot", session.SessionId, new string('x', 70_000)));
        Assert.Equal((HttpStatusCode.RequestEntityTooLarge, "payload_too_large"), (tooLarge.StatusCode, tooLarge.ErrorCode));

        var badSession = await Assert.ThrowsAsync<RuntimeApiException>(() => _client.SendMessageAsync("support-bot", "sess_bad", "hi"));
        Assert.Equal((HttpStatusCode.BadRequest, "invalid_request"), (badSession.StatusCode, badSession.ErrorCode));
        Assert.False(badSession.IsTransient);
    }

    [Fact]
    public async Task A_runtime_that_is_not_listening_is_unreachable_with_its_url_in_the_message()
    {
        int port;
        using (var listener = new TcpListener(IPAddress.Loopback, 0))
        {
            listener.Start();
            port = ((IPEndPoint)listener.LocalEndpoint).Port;
        }

        using var client = TestRuntimeClients.Create(new Uri($"http://127.0.0.1:{port}"), "k");
        var exception = await Assert.ThrowsAsync<RuntimeUnreachableException>(() => client.ListAgentsAsync());
        Assert.StartsWith($"could not reach the runtime at http://127.0.0.1:{port}/: ", exception.Message, StringComparison.Ordinal);
        Assert.Contains("refused", exception.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(new Uri($"http://127.0.0.1:{port}/"), exception.BaseAddress);
    }

    [Fact]
    public async Task A_runtime_that_does_not_answer_in_time_is_unreachable()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        using var client = TestRuntimeClients.Create(new Uri($"http://127.0.0.1:{port}"), "k", timeout: TimeSpan.FromMilliseconds(300));

        var exception = await Assert.ThrowsAsync<RuntimeUnreachableException>(() => client.GetHealthAsync());
        Assert.Contains("no answer within", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Something_that_is_not_an_AgentSpec_runtime_is_an_unexpected_response()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var server = Task.Run(async () =>
        {
            using var socket = await listener.AcceptSocketAsync();
            var buffer = new byte[8192];
            await socket.ReceiveAsync(buffer);
            var html = "<html><body>Not Found</body></html>";
            await socket.SendAsync(System.Text.Encoding.ASCII.GetBytes(
                $"HTTP/1.1 404 Not Found\r\nContent-Type: text/html\r\nContent-Length: {html.Length}\r\nConnection: close\r\n\r\n{html}"));
        });
        using var client = TestRuntimeClients.Create(new Uri($"http://127.0.0.1:{port}"), "k");

        var exception = await Assert.ThrowsAsync<RuntimeApiException>(() => client.ListAgentsAsync());
        await server;
        Assert.Equal((HttpStatusCode.NotFound, RuntimeApiException.UnexpectedResponse), (exception.StatusCode, exception.ErrorCode));
        Assert.Contains("is that URL an AgentSpec runtime?", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_base_address_is_required_and_gets_a_trailing_slash()
    {
        Assert.Throws<ArgumentException>(() => TestRuntimeClients.Create(new Uri("runtime/v1", UriKind.Relative), "k"));
        using var client = TestRuntimeClients.Create(new Uri("http://runtime.example:8080/prefix"), "k");
        Assert.Equal("http://runtime.example:8080/prefix/", client.BaseAddress.AbsoluteUri);
    }

    private static AgentDefinition Definition(string agent, string prompt)
    {
        var promptAttributes = new JsonObject { ["content"] = prompt };
        var agentAttributes = new JsonObject { ["model"] = "claude-sonnet-4-20250514", ["prompt"] = "support" };
        var package = new LoweredPackage(
            "support-bot",
            "0.1.0",
            "2.0",
            [
                new Resource("support-bot", ResourceKinds.Agent, agent, agentAttributes, CanonicalJson.Hash(agentAttributes), []),
                new Resource("support-bot", ResourceKinds.Prompt, "support", promptAttributes, CanonicalJson.Hash(promptAttributes), []),
            ],
            []);
        return AgentDefinitionFactory.Create(package, agent);
    }
}
