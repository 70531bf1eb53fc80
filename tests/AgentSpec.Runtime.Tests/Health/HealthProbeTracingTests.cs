using System.Diagnostics;
using AgentSpec.Runtime.Hosting;
using AgentSpec.Runtime.Tests.Hosting;
using AgentSpec.Runtime.Tests.Redis;
using AgentSpec.Testing;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Trace;

namespace AgentSpec.Runtime.Tests.Health;

/// <summary>
/// Health probes stay out of the traces with everything they do: the orchestrator probes <c>/healthz</c> every few
/// seconds per replica, and the probe's Redis call must not turn up in the dashboard as a trace of its own.
/// </summary>
public sealed class HealthProbeTracingTests : IClassFixture<RedisFixture>
{
    private readonly RedisFixture _redis;

    public HealthProbeTracingTests(RedisFixture redis)
    {
        _redis = redis;
    }

    [Fact]
    public async Task The_Redis_call_of_a_health_probe_is_not_traced_but_that_of_a_request_is()
    {
        var spans = new ExportedCollection<Activity>();
        var runtime = await RuntimeInstance.StartAsync(
            new Dictionary<string, string?>
            {
                ["ConnectionStrings:redis"] = _redis.Server.ConnectionString,
                [RuntimeSettings.RedisKeyPrefixKey] = $"hp{Guid.NewGuid():N}:",

                // As under the AppHost, which samples every span (not parent-based): a probe's Redis call would then
                // be recorded although its request is not, and show up as a trace of its own.
                ["OTEL_TRACES_SAMPLER"] = "always_on",
            },
            builder => builder.Services.AddOpenTelemetry().WithTracing(tracing => tracing.AddInMemoryExporter(spans)));
        try
        {
            using var client = runtime.CreateClient();
            for (var i = 0; i < 3; i++)
            {
                // As the AppHost's probes come: from a traced caller, with a sampled parent.
                using var probeRequest = new HttpRequestMessage(HttpMethod.Get, new Uri("/healthz", UriKind.Relative));
                probeRequest.Headers.Add("traceparent", $"00-{ActivityTraceId.CreateRandom()}-{ActivitySpanId.CreateRandom()}-01");
                using var probe = await client.SendAsync(probeRequest);
                probe.EnsureSuccessStatusCode();
            }

            using var listed = await client.GetAsync(new Uri("/v1/agents", UriKind.Relative));
            listed.EnsureSuccessStatusCode();
        }
        finally
        {
            // Stopping the host flushes the Redis instrumentation's spans.
            await runtime.DisposeAsync();
        }

        // A request's Redis calls are traced under it...
        var exported = spans.Snapshot();
        var request = Assert.Single(exported, span => span.Kind == ActivityKind.Server && Equals(span.GetTagItem("url.path"), "/v1/agents") && Equals(span.GetTagItem("server.port"), runtime.BaseAddress.Port));
        Assert.Contains(exported, span => span.Kind == ActivityKind.Client && span.TraceId == request.TraceId && span.Source.Name.Contains("Redis", StringComparison.Ordinal));

        // ...but a probe's are not. HLEN is only the agent count of /healthz (in any runtime of this test process): any HLEN span is a probe's.
        Assert.DoesNotContain(exported, span => span.DisplayName == "HLEN");
    }
}
