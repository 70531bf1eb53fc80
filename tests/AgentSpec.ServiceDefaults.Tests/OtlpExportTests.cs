using System.Collections.Concurrent;
using System.Diagnostics;
using AgentSpec.Core.Telemetry;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AgentSpec.ServiceDefaults.Tests;

/// <summary>OTLP export is switched on by <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> and only by it.</summary>
public sealed class OtlpExportTests
{
    [Fact]
    public void Without_an_OTLP_endpoint_no_OTLP_exporter_is_registered()
    {
        var builder = TelemetryRegistrationTests.CreateBuilder();
        Assert.DoesNotContain(RegisteredServiceTypes(builder.Services), t => t.Contains("Otlp", StringComparison.Ordinal));
    }

    [Fact]
    public void With_an_OTLP_endpoint_the_OTLP_exporter_is_registered()
    {
        var builder = TelemetryRegistrationTests.CreateBuilder(settings: new Dictionary<string, string?>
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = "http://127.0.0.1:4318",
        });
        Assert.Contains(RegisteredServiceTypes(builder.Services), t => t.Contains("Otlp", StringComparison.Ordinal));
    }

    [Fact]
    public async Task With_an_OTLP_endpoint_logs_traces_and_metrics_are_exported_and_flushed_when_the_host_is_disposed()
    {
        await using var receiver = await OtlpHttpReceiver.StartAsync();
        var host = TelemetryRegistrationTests.BuildHost(
            _ => { },
            settings: new Dictionary<string, string?>
            {
                ["OTEL_EXPORTER_OTLP_ENDPOINT"] = receiver.Endpoint.ToString(),
                ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            });
        await host.StartAsync();

        using (var source = new ActivitySource(AgentSpecTelemetry.StateSourceName))
        using (source.StartActivity("state.lock.acquire"))
        {
        }

        using (var meter = new System.Diagnostics.Metrics.Meter(AgentSpecTelemetry.StateSourceName))
        {
            meter.CreateCounter<long>("agentspec.test.commits").Add(1);
            var logger = host.Services.GetRequiredService<ILoggerFactory>().CreateLogger("AgentSpec.State");
            TestLog.LockAcquired(logger, "/tmp/s.json", "lk_2");

            // A short-lived CLI relies on this: stopping and disposing the host flushes every signal.
            await host.StopAsync();
            host.Dispose();
        }

        Assert.Contains("/v1/traces", receiver.Paths);
        Assert.Contains("/v1/logs", receiver.Paths);
        Assert.Contains("/v1/metrics", receiver.Paths);
        Assert.All(receiver.ContentTypes, t => Assert.Equal("application/x-protobuf", t));
    }

    private static IEnumerable<string> RegisteredServiceTypes(IServiceCollection services) =>
        services.Select(d => $"{d.ServiceType.FullName} {d.ImplementationType?.FullName}");

    /// <summary>A minimal OTLP/HTTP endpoint that records which signals arrived.</summary>
    private sealed class OtlpHttpReceiver : IAsyncDisposable
    {
        private readonly WebApplication _app;

        private OtlpHttpReceiver(WebApplication app, Uri endpoint)
        {
            _app = app;
            Endpoint = endpoint;
        }

        public Uri Endpoint { get; }

        public ConcurrentBag<string> Paths { get; } = [];

        public ConcurrentBag<string> ContentTypes { get; } = [];

        public static async Task<OtlpHttpReceiver> StartAsync()
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            builder.Logging.ClearProviders();
            var app = builder.Build();
            OtlpHttpReceiver? receiver = null;
            app.MapPost("/v1/{signal}", async (HttpContext context) =>
            {
                await context.Request.Body.CopyToAsync(Stream.Null);
                receiver!.Paths.Add(context.Request.Path.Value!);
                receiver.ContentTypes.Add(context.Request.ContentType ?? string.Empty);
                return Results.Ok();
            });
            await app.StartAsync();
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            receiver = new OtlpHttpReceiver(app, new Uri(address));
            return receiver;
        }

        public async ValueTask DisposeAsync()
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }
}
