using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using AgentSpec.Core.RuntimeApi;
using AgentSpec.Runtime.Hosting;
using Microsoft.Extensions.Configuration;

namespace AgentSpec.Runtime.Tests.Hosting;

public sealed class StartupTests
{
    private const string ProcessKey = "process-key-0123456789";
    private static readonly TimeSpan ProcessTimeout = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task Without_a_key_or_the_anonymous_flag_the_runtime_refuses_to_start_and_says_how_to_fix_it()
    {
        await using var runtime = RuntimeProcess.Start(new Dictionary<string, string>());
        var exitCode = await runtime.WaitForExitAsync(ProcessTimeout);

        Assert.NotEqual(0, exitCode);
        Assert.Contains("refuses to start without an API key", runtime.StandardError, StringComparison.Ordinal);
        Assert.Contains("AGENTSPEC_API_KEY", runtime.StandardError, StringComparison.Ordinal);
        Assert.Contains("AgentSpec:Runtime:AllowAnonymous=true", runtime.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", runtime.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_anonymous_flag_that_is_not_a_boolean_stops_the_start()
    {
        await using var runtime = RuntimeProcess.Start(new Dictionary<string, string> { ["AgentSpec__Runtime__AllowAnonymous"] = "yes please" });
        var exitCode = await runtime.WaitForExitAsync(ProcessTimeout);

        Assert.NotEqual(0, exitCode);
        Assert.Contains("'yes please', which is neither true nor false", runtime.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_AGENTSPEC_API_KEY_the_runtime_starts_and_requires_that_key()
    {
        await using var runtime = RuntimeProcess.Start(new Dictionary<string, string> { ["AGENTSPEC_API_KEY"] = ProcessKey });
        var address = await runtime.WaitForListeningAsync(ProcessTimeout);
        using var client = new HttpClient { BaseAddress = address };

        using var health = await client.GetAsync("/healthz");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        using var unauthorized = await client.GetAsync("/v1/agents");
        Assert.Equal(HttpStatusCode.Unauthorized, unauthorized.StatusCode);

        client.DefaultRequestHeaders.Add("X-API-Key", ProcessKey);
        using var agents = await client.GetAsync("/v1/agents");
        Assert.Equal(HttpStatusCode.OK, agents.StatusCode);
        var body = await agents.Content.ReadFromJsonAsync<JsonObject>();
        Assert.Empty(body!["agents"]!.AsArray());
    }

    [Fact]
    public async Task With_the_anonymous_flag_the_runtime_starts_and_warns()
    {
        await using var runtime = RuntimeProcess.Start(new Dictionary<string, string> { ["AgentSpec__Runtime__AllowAnonymous"] = "true" });
        var address = await runtime.WaitForListeningAsync(ProcessTimeout);
        using var client = new HttpClient { BaseAddress = address };
        using var agents = await client.GetAsync("/v1/agents");

        Assert.Equal(HttpStatusCode.OK, agents.StatusCode);
        Assert.Contains("Anonymous access is allowed", runtime.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("warn", runtime.StandardOutput, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, null, null, "refuses to start")]
    [InlineData("  ", null, null, "refuses to start")]
    [InlineData(null, null, "false", "refuses to start")]
    [InlineData(null, null, "1", "neither true nor false")]
    [InlineData("1", null, null, "The API key in AgentSpec:Runtime:ApiKey has 1 characters; the AgentSpec runtime needs at least 16")]
    [InlineData(null, "fifteen-chars-x", null, "The API key in AGENTSPEC_API_KEY has 15 characters")]
    public void Settings_without_a_usable_key_are_rejected(string? apiKey, string? environmentKey, string? allowAnonymous, string expected)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [RuntimeSettings.ApiKeyKey] = apiKey,
            [RuntimeVariables.ApiKey] = environmentKey,
            [RuntimeSettings.AllowAnonymousKey] = allowAnonymous,
        }).Build();

        var exception = Assert.Throws<RuntimeConfigurationException>(() => RuntimeSettings.From(configuration));
        Assert.Contains(expected, exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_configuration_key_wins_over_the_environment_variable_and_is_trimmed()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [RuntimeSettings.ApiKeyKey] = " configured-key-0123456789 ",
            [RuntimeVariables.ApiKey] = "environment-key-0123456789",
        }).Build();

        var settings = RuntimeSettings.From(configuration);
        Assert.Equal("configured-key-0123456789", settings.ApiKey);
        Assert.Null(settings.RedisConnectionString);
        Assert.Equal("agentspec:", settings.RedisKeyPrefix);
    }

    [Theory]
    [InlineData("AgentSpec:Models:Endpoint", "not a url", "is not an http(s) URL")]
    [InlineData("AgentSpec:Models:Endpoint", "ftp://models.example/v1", "is not an http(s) URL")]
    [InlineData("AgentSpec:Sessions:Ttl", "00:00:00", "TTL must be positive")]
    [InlineData("AgentSpec:Sessions:Ttl", "a day", "a day")]
    [InlineData("AgentSpec:Redis:KeyPrefix", "agent{spec}:", "braces")]
    public async Task A_setting_that_cannot_work_stops_the_start_with_its_name(string key, string value, string expected)
    {
        var exception = await Assert.ThrowsAsync<RuntimeConfigurationException>(() => RuntimeInstance.StartAsync(new Dictionary<string, string?> { [key] = value }));
        Assert.Contains(expected, exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_Redis_down_the_runtime_starts_and_answers_503_until_it_is_back()
    {
        int closedPort;
        using (var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0))
        {
            listener.Start();
            closedPort = ((IPEndPoint)listener.LocalEndpoint).Port;
        }

        await using var runtime = await RuntimeInstance.StartAsync(new Dictionary<string, string?>
        {
            ["ConnectionStrings:redis"] = $"127.0.0.1:{closedPort},connectTimeout=500,asyncTimeout=1000,syncTimeout=1000",
        });
        using var client = runtime.CreateClient();

        using var health = await client.GetAsync("/healthz");
        var body = await Api.ReadObjectAsync(health);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
        Assert.Equal("degraded", (string?)body["status"]);

        using var deploy = await client.PutAsync("/v1/agents/a", Api.Definition(TestAgents.Create("a")));
        await Api.AssertErrorAsync(deploy, HttpStatusCode.ServiceUnavailable, "session_store_unavailable");
        using var list = await client.GetAsync("/v1/agents");
        await Api.AssertErrorAsync(list, HttpStatusCode.ServiceUnavailable, "session_store_unavailable");
    }
}
