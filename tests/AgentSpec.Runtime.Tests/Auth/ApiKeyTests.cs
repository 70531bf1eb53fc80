using System.Net;
using System.Net.Http.Headers;
using AgentSpec.Core.RuntimeApi;
using AgentSpec.Runtime.Hosting;
using AgentSpec.Runtime.Tests.Hosting;
using Microsoft.Extensions.Logging;

namespace AgentSpec.Runtime.Tests.Auth;

public sealed class ApiKeyTests : IAsyncLifetime
{
    private RuntimeInstance _runtime = null!;

    public async Task InitializeAsync() => _runtime = await RuntimeInstance.StartAsync();

    public async Task DisposeAsync() => await _runtime.DisposeAsync();

    [Theory]
    [InlineData("/v1/agents")]
    [InlineData("/v1/agents/support-bot")]
    [InlineData("/v1/agents/support-bot/sessions")]
    [InlineData("/v1/no-such-endpoint")]
    public async Task A_request_without_a_key_is_401_unauthorized(string path)
    {
        using var client = _runtime.CreateClient(apiKey: null);
        using var response = await client.GetAsync(path);
        var message = await Api.AssertErrorAsync(response, HttpStatusCode.Unauthorized, "unauthorized");
        Assert.Contains("X-API-Key", message, StringComparison.Ordinal);
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
    }

    [Fact]
    public async Task A_request_with_a_wrong_key_is_401_in_either_header()
    {
        using var client = _runtime.CreateClient(apiKey: "wrong-key");
        using var wrongApiKey = await client.GetAsync("/v1/agents");
        await Api.AssertErrorAsync(wrongApiKey, HttpStatusCode.Unauthorized, "unauthorized");

        using var bearerClient = _runtime.CreateClient(apiKey: null);
        bearerClient.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", RuntimeInstance.ApiKey + "x");
        using var wrongBearer = await bearerClient.GetAsync("/v1/agents");
        await Api.AssertErrorAsync(wrongBearer, HttpStatusCode.Unauthorized, "unauthorized");
    }

    [Fact]
    public async Task A_prefix_of_the_key_is_not_the_key()
    {
        using var client = _runtime.CreateClient(apiKey: RuntimeInstance.ApiKey[..^1]);
        using var response = await client.GetAsync("/v1/agents");
        await Api.AssertErrorAsync(response, HttpStatusCode.Unauthorized, "unauthorized");
    }

    [Fact]
    public async Task The_right_key_is_accepted_as_X_API_Key()
    {
        using var client = _runtime.CreateClient();
        using var response = await client.GetAsync("/v1/agents");
        var body = await Api.AssertOkAsync(response);
        Assert.Empty(body["agents"]!.AsArray());
    }

    [Theory]
    [InlineData("Bearer")]
    [InlineData("bearer")]
    public async Task The_right_key_is_accepted_as_a_bearer_token(string scheme)
    {
        using var client = _runtime.CreateClient(apiKey: null);
        client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", $"{scheme} {RuntimeInstance.ApiKey}");
        using var response = await client.GetAsync("/v1/agents");
        await Api.AssertOkAsync(response);
    }

    [Fact]
    public async Task Another_authorization_scheme_is_401_with_a_hint()
    {
        using var client = _runtime.CreateClient(apiKey: null);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", "dXNlcjpwYXNz");
        using var response = await client.GetAsync("/v1/agents");
        var message = await Api.AssertErrorAsync(response, HttpStatusCode.Unauthorized, "unauthorized");
        Assert.Contains("Bearer", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unauthenticated_body_is_not_even_parsed()
    {
        using var client = _runtime.CreateClient(apiKey: null);
        using var response = await client.PutAsync("/v1/agents/x", Api.Json("{not json"));
        await Api.AssertErrorAsync(response, HttpStatusCode.Unauthorized, "unauthorized");
    }

    [Theory]
    [InlineData("/healthz")]
    [InlineData("/health")]
    [InlineData("/alive")]
    public async Task Health_endpoints_are_public(string path)
    {
        using var client = _runtime.CreateClient(apiKey: null);
        using var response = await client.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Healthz_shows_status_and_version_to_anyone_and_counts_only_with_the_key()
    {
        using var client = _runtime.CreateClient();
        await Api.DeployAsync(client, TestAgents.Create("counted"));
        using var anonymous = _runtime.CreateClient(apiKey: null);
        using var response = await anonymous.GetAsync("/healthz");
        var body = await Api.AssertOkAsync(response);
        Assert.Equal("ok", (string?)body["status"]);
        Assert.False(string.IsNullOrEmpty((string?)body["version"]));
        Assert.Equal(["status", "version"], body.Select(p => p.Key).Order(StringComparer.Ordinal));

        using var wrongKey = _runtime.CreateClient(apiKey: "not-the-key-0123456789");
        using var guessed = await wrongKey.GetAsync("/healthz");
        Assert.Null((await Api.AssertOkAsync(guessed))["agents"]);

        using var detailed = await client.GetAsync("/healthz");
        var details = await Api.AssertOkAsync(detailed);
        Assert.Equal(1, (long)details["agents"]!);
        Assert.Equal("memory", (string?)details["session_store"]);
        Assert.Equal("offline", (string?)details["model"]);
    }

    [Fact]
    public async Task Anonymous_access_needs_the_explicit_flag_and_is_logged_as_a_warning()
    {
        await using var anonymousRuntime = await RuntimeInstance.StartAsync(new Dictionary<string, string?>
        {
            [RuntimeSettings.ApiKeyKey] = null,
            [RuntimeVariables.ApiKey] = null,
            [RuntimeSettings.AllowAnonymousKey] = "true",
        });
        using var client = anonymousRuntime.CreateClient(apiKey: null);
        using var response = await client.GetAsync("/v1/agents");
        await Api.AssertOkAsync(response);

        var warning = Assert.Single(anonymousRuntime.Logs.GetSnapshot(), r => r.Level == LogLevel.Warning && r.Message.Contains("Anonymous access is allowed", StringComparison.Ordinal));
        Assert.Contains(RuntimeVariables.ApiKey, warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_a_key_configured_the_anonymous_flag_does_not_open_the_runtime()
    {
        await using var runtime = await RuntimeInstance.StartAsync(new Dictionary<string, string?> { [RuntimeSettings.AllowAnonymousKey] = "true" });
        using var client = runtime.CreateClient(apiKey: null);
        using var response = await client.GetAsync("/v1/agents");
        await Api.AssertErrorAsync(response, HttpStatusCode.Unauthorized, "unauthorized");
    }

    [Fact]
    public async Task The_key_can_come_from_AGENTSPEC_API_KEY()
    {
        await using var runtime = await RuntimeInstance.StartAsync(new Dictionary<string, string?>
        {
            [RuntimeSettings.ApiKeyKey] = null,
            [RuntimeVariables.ApiKey] = "from-the-environment",
        });
        using var client = runtime.CreateClient(apiKey: "from-the-environment");
        using var response = await client.GetAsync("/v1/agents");
        await Api.AssertOkAsync(response);
    }
}
