using AgentSpec.Cli.Commands;
using AgentSpec.Cli.Runtime;
using AgentSpec.Core.RuntimeApi;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace AgentSpec.Cli.Tests.Runtime;

/// <summary>The CLI's runtime client through the host's HTTP client factory: retries only where safe, service discovery.</summary>
public sealed class RuntimeHttpClientTests
{
    private const string Unavailable = """{"title":"Service Unavailable","status":503,"detail":"Redis is down.","error":"session_store_unavailable"}""";

    [Theory]
    [InlineData("GET", false, true)]
    [InlineData("PUT", false, true)]
    [InlineData("DELETE", false, true)]
    [InlineData("POST", false, false)]
    [InlineData("POST", true, true)]
    [InlineData("PATCH", false, false)]
    public void Only_idempotent_requests_and_posts_with_an_idempotency_key_may_be_retried(string method, bool withKey, bool safe)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), "http://runtime/v1/agents");
        if (withKey)
        {
            request.Headers.Add(RuntimeHeaders.IdempotencyKey, "k1");
        }

        Assert.Equal(safe, RuntimeHttpClient.IsSafeToRetry(request));
    }

    [Fact]
    public async Task A_GET_answered_503_is_retried_and_succeeds()
    {
        var requests = 0;
        using var server = new CannedHttpServer(_ => Interlocked.Increment(ref requests) == 1
            ? CannedHttpServer.Json(Unavailable, 503, "Service Unavailable")
            : CannedHttpServer.Json("""{"agents":[]}"""));
        using var host = BuildHost();
        using var client = RuntimeClient.Create(host.Services.GetRequiredService<IHttpClientFactory>(), server.Url, "k", TimeSpan.FromSeconds(30));

        Assert.Empty(await client.ListAgentsAsync());
        Assert.Equal(2, server.Requests.Count);
    }

    [Fact]
    public async Task A_POST_without_an_idempotency_key_is_sent_once()
    {
        using var server = new CannedHttpServer(_ => CannedHttpServer.Json(Unavailable, 503, "Service Unavailable"));
        using var host = BuildHost();
        using var client = RuntimeClient.Create(host.Services.GetRequiredService<IHttpClientFactory>(), server.Url, "k", TimeSpan.FromSeconds(30));

        var failure = await Assert.ThrowsAsync<RuntimeApiException>(() => client.CreateSessionAsync("support-bot"));
        Assert.Equal(ErrorCodes.SessionStoreUnavailable, failure.ErrorCode);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task Under_Aspire_the_runtime_is_found_by_service_discovery_and_runtime_url_still_wins()
    {
        using var server = new CannedHttpServer(_ => CannedHttpServer.Json("""{"agents":[]}"""));
        using var host = BuildHost(new Dictionary<string, string?> { ["services:runtime:http:0"] = server.Url.ToString() });
        var context = new CliContext { Out = TextWriter.Null, Error = TextWriter.Null, In = TextReader.Null, GetEnvironmentVariable = _ => null, Services = host.Services };

        var discovered = RuntimeEndpoint.Resolve(context, new RuntimeConnectionOptions(null, "k"), target: null);
        Assert.Equal(("service discovery", RuntimeHttpClient.ServiceDiscoveryUrl), (discovered.Source, discovered.Url));
        using (var client = RuntimeClients.Open(context, discovered, TimeSpan.FromSeconds(30)))
        {
            Assert.Empty(await client.ListAgentsAsync());
        }

        Assert.Single(server.Requests);
        var named = RuntimeEndpoint.Resolve(context, new RuntimeConnectionOptions("http://127.0.0.1:9", "k"), target: null);
        Assert.Equal(("--runtime-url", new Uri("http://127.0.0.1:9")), (named.Source, named.Url));
    }

    private static IHost BuildHost(IDictionary<string, string?>? settings = null) => TestRuntimeClients.BuildHost(settings);
}
