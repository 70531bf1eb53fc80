using AgentSpec.Core.RuntimeApi;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Polly;

namespace AgentSpec.Cli.Runtime;

/// <summary>
/// The named <see cref="HttpClient"/> the CLI talks to the runtime with, from the host's
/// <see cref="IHttpClientFactory"/>: ServiceDefaults' service discovery (so
/// <see cref="ServiceDiscoveryUrl"/> resolves under Aspire) and the standard resilience handler, with
/// retries only for requests that are safe to repeat. Redirects are never followed: the API key must only
/// go to the URL the user named (docs/cli.md).
/// </summary>
public static class RuntimeHttpClient
{
    public const string Name = "agentspec-runtime";

    /// <summary>The runtime as Aspire names it: HTTPS when the app model offers it, else HTTP.</summary>
    public static readonly Uri ServiceDiscoveryUrl = new("https+http://runtime");

    /// <summary>The <c>services:runtime</c> configuration section Aspire fills in for service discovery.</summary>
    public const string ServiceDiscoverySection = "services:runtime";

    // The request timeout is HttpClient.Timeout (--timeout, up to 24 h), which also bounds the retries; the
    // pipeline's own timeouts are set as high as its validation allows so that they never cut in first.
    private static readonly TimeSpan PipelineTimeout = TimeSpan.FromDays(1);

    public static IServiceCollection AddRuntimeHttpClient(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        var client = services.AddHttpClient(Name)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false });

        // ServiceDefaults adds the standard handler to every client, with defaults that retry any method and
        // cut an attempt at 10 s; this client replaces it with its own. (The removal is the documented way to
        // override the defaults for one client; it is marked experimental.)
#pragma warning disable EXTEXP0001
        client.RemoveAllResilienceHandlers();
#pragma warning restore EXTEXP0001
        client.AddStandardResilienceHandler(Configure);
        return services;
    }

    /// <summary>
    /// A retry is allowed for GET, PUT and DELETE (the runtime's are idempotent: the same definition is
    /// <c>unchanged</c>) and for a POST that carries an <c>Idempotency-Key</c> (a chat turn); never for
    /// another POST, which could create a second session.
    /// </summary>
    public static bool IsSafeToRetry(HttpRequestMessage? request) =>
        request is not null
        && (request.Method == HttpMethod.Get
            || request.Method == HttpMethod.Put
            || request.Method == HttpMethod.Delete
            || (request.Method == HttpMethod.Post && request.Headers.Contains(RuntimeHeaders.IdempotencyKey)));

    private static void Configure(HttpStandardResilienceOptions options)
    {
        options.TotalRequestTimeout.Timeout = PipelineTimeout;
        options.AttemptTimeout.Timeout = PipelineTimeout / 2;
        options.CircuitBreaker.SamplingDuration = PipelineTimeout;

        // A person is waiting: a few quick retries, not the server-to-server default of seconds apart.
        options.Retry.Delay = TimeSpan.FromMilliseconds(250);
        options.Retry.MaxRetryAttempts = 2;
        var transient = options.Retry.ShouldHandle;
        options.Retry.ShouldHandle = async arguments =>
            IsSafeToRetry(arguments.Context.GetRequestMessage()) && await transient(arguments);
    }
}
