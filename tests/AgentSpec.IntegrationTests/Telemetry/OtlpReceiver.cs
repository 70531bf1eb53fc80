using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AgentSpec.IntegrationTests.Telemetry;

/// <summary>
/// An OTLP/HTTP (protobuf) endpoint that the test controls: processes export to it with
/// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> and <c>OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf</c>, and the test reads
/// back the logs and spans they sent.
/// </summary>
public sealed class OtlpReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<OtlpLogRecord> _logs = new();
    private readonly ConcurrentQueue<OtlpSpan> _spans = new();

    private OtlpReceiver(WebApplication app)
    {
        _app = app;
    }

    public Uri Endpoint { get; private set; } = null!;

    public IReadOnlyList<OtlpLogRecord> Logs => _logs.ToArray();

    public IReadOnlyList<OtlpSpan> Spans => _spans.ToArray();

    /// <summary>The environment that points an OpenTelemetry .NET process at this receiver.</summary>
    public IReadOnlyDictionary<string, string?> ExporterEnvironment(string serviceName) => new Dictionary<string, string?>
    {
        ["OTEL_EXPORTER_OTLP_ENDPOINT"] = Endpoint.ToString(),
        ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
        ["OTEL_SERVICE_NAME"] = serviceName,
    };

    public static async Task<OtlpReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new OtlpReceiver(app);
        app.MapPost("/v1/logs", async (HttpContext context) =>
        {
            foreach (var record in OtlpDecoder.Logs(await ReadBodyAsync(context)))
            {
                receiver._logs.Enqueue(record);
            }

            return Results.Ok();
        });
        app.MapPost("/v1/traces", async (HttpContext context) =>
        {
            foreach (var span in OtlpDecoder.Spans(await ReadBodyAsync(context)))
            {
                receiver._spans.Enqueue(span);
            }

            return Results.Ok();
        });
        app.MapPost("/v1/metrics", async (HttpContext context) =>
        {
            await context.Request.Body.CopyToAsync(Stream.Null);
            return Results.Ok();
        });
        await app.StartAsync();
        receiver.Endpoint = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        return receiver;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private static async Task<ReadOnlyMemory<byte>> ReadBodyAsync(HttpContext context)
    {
        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body);
        return body.ToArray();
    }
}
