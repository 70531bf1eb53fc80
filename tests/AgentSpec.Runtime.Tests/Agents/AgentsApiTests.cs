using System.Net;
using System.Text.Json.Nodes;
using AgentSpec.Core.Apply;
using AgentSpec.Runtime.Tests.Hosting;

namespace AgentSpec.Runtime.Tests.Agents;

public sealed class AgentsApiTests : IAsyncLifetime
{
    private RuntimeInstance _runtime = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        _runtime = await RuntimeInstance.StartAsync();
        _client = _runtime.CreateClient();
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _runtime.DisposeAsync();
    }

    [Fact]
    public async Task Put_creates_then_the_same_hash_is_unchanged_and_a_new_prompt_updates()
    {
        var definition = TestAgents.Create("support-bot");
        using var created = await _client.PutAsync("/v1/agents/support-bot", Api.Definition(definition));
        var createdBody = await Api.AssertOkAsync(created, HttpStatusCode.Created);
        Assert.Equal("created", (string?)createdBody["status"]);
        Assert.Equal(definition.Hash, (string?)createdBody["hash"]);
        Assert.Equal("/v1/agents/support-bot", created.Headers.Location?.OriginalString);

        using var again = await _client.PutAsync("/v1/agents/support-bot", Api.Definition(definition));
        var againBody = await Api.AssertOkAsync(again);
        Assert.Equal("unchanged", (string?)againBody["status"]);
        Assert.Equal((string?)createdBody["updated_at"], (string?)againBody["updated_at"]);

        var changed = TestAgents.Create("support-bot", prompt: "You are terse.");
        using var updated = await _client.PutAsync("/v1/agents/support-bot", Api.Definition(changed));
        var updatedBody = await Api.AssertOkAsync(updated);
        Assert.Equal("updated", (string?)updatedBody["status"]);
        Assert.Equal(changed.Hash, (string?)updatedBody["hash"]);
        Assert.Equal((string?)createdBody["deployed_at"], (string?)updatedBody["deployed_at"]);

        using var get = await _client.GetAsync("/v1/agents/support-bot");
        var details = await Api.AssertOkAsync(get);
        Assert.Equal("You are terse.", (string?)details["definition"]!["prompt"]!["content"]);
        Assert.Equal(changed.Hash, (string?)details["hash"]);
    }

    [Fact]
    public async Task Put_without_a_hash_gets_the_hash_the_runtime_computes()
    {
        var definition = TestAgents.Create("no-hash");
        using var response = await _client.PutAsync("/v1/agents/no-hash", Api.Definition(definition with { Hash = null }));
        var body = await Api.AssertOkAsync(response, HttpStatusCode.Created);
        Assert.Equal(definition.Hash, (string?)body["hash"]);
    }

    [Fact]
    public async Task Put_with_a_hash_that_does_not_match_the_content_is_rejected()
    {
        var definition = TestAgents.Create("liar") with { Hash = "sha256:0000" };
        using var response = await _client.PutAsync("/v1/agents/liar", Api.Definition(definition));
        var message = await Api.AssertErrorAsync(response, HttpStatusCode.BadRequest, "invalid_request");
        Assert.Contains("hashes to", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Put_of_a_body_for_another_name_is_rejected()
    {
        using var response = await _client.PutAsync("/v1/agents/one", Api.Definition(TestAgents.Create("other")));
        var message = await Api.AssertErrorAsync(response, HttpStatusCode.BadRequest, "invalid_request");
        Assert.Contains("'other'", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_get_and_delete()
    {
        await Api.DeployAsync(_client, TestAgents.Create("beta"));
        await Api.DeployAsync(_client, TestAgents.Create("alpha"));

        using var list = await _client.GetAsync("/v1/agents");
        var agents = (await Api.AssertOkAsync(list))["agents"]!.AsArray();
        Assert.Equal(["alpha", "beta"], agents.Select(a => (string)a!["name"]!));
        Assert.Equal("test-pkg/Agent/alpha", (string?)agents[0]!["fqn"]);
        Assert.Equal("system", (string?)agents[0]!["prompt"]);

        using var deleted = await _client.DeleteAsync("/v1/agents/alpha");
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        using var deletedAgain = await _client.DeleteAsync("/v1/agents/alpha");
        await Api.AssertErrorAsync(deletedAgain, HttpStatusCode.NotFound, "not_found");
        using var get = await _client.GetAsync("/v1/agents/alpha");
        await Api.AssertErrorAsync(get, HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task Deleting_an_agent_makes_its_sessions_unreachable()
    {
        await Api.DeployAsync(_client, TestAgents.Create("gone"));
        var session = await Api.CreateSessionAsync(_client, "gone");
        using var deleted = await _client.DeleteAsync("/v1/agents/gone");
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);

        using var send = await _client.PostAsync($"/v1/agents/gone/sessions/{session}", Api.Json(new JsonObject { ["message"] = "hi" }));
        await Api.AssertErrorAsync(send, HttpStatusCode.NotFound, "not_found");
    }

    [Theory]
    [InlineData("""{"name":"x","package":"p","fqn":"p/Agent/x","memory":{"max_messages":0}}""", "memory.max_messages")]
    [InlineData("""{"name":"x","package":"p","fqn":"p/Agent/y"}""", "fqn")]
    [InlineData("""{"name":"x","package":"p","fqn":"p/Agent/x","max_turns":"ten"}""", "max_turns")]
    [InlineData("""{"name":"x","package":"p","fqn":"p/Agent/x","skills":[{"description":"no name"}]}""", "name")]
    [InlineData("""{"name":"x","package":"p","fqn":"p/Agent/x","attributes":[]}""", "attributes")]
    [InlineData("""{"name":"x","package":null,"fqn":"p/Agent/x"}""", "package")]
    [InlineData("""{"package":"p","fqn":"p/Agent/x"}""", "name")]
    [InlineData("""{"name":"x","package":"p","fqn":"p/Agent/x","prompt":{"name":"p"}}""", "content")]
    public async Task Put_of_an_invalid_definition_says_which_field_is_wrong(string body, string field)
    {
        using var response = await _client.PutAsync("/v1/agents/x", Api.Json(body));
        var message = await Api.AssertErrorAsync(response, HttpStatusCode.BadRequest, "invalid_request");
        Assert.Contains(field, message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_minimal_definition_is_enough()
    {
        using var response = await _client.PutAsync("/v1/agents/x", Api.Json("""{"name":"x","package":"p","fqn":"p/Agent/x"}"""));
        var body = await Api.AssertOkAsync(response, HttpStatusCode.Created);
        var expected = new AgentDefinition { Name = "x", Package = "p", Fqn = "p/Agent/x" }.ComputeHash();
        Assert.Equal(expected, (string?)body["hash"]);
    }
}
