using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Cross-cutting hosting concerns shared by every AgentSpec host (runtime and CLI): OpenTelemetry,
/// health checks, service discovery and HTTP resilience.
/// </summary>
public static class Extensions
{
    public const string HealthEndpointPath = "/health";
    public const string AlivenessEndpointPath = "/alive";

    /// <summary>The runtime's own health route (<c>RuntimeRoutes.Healthz</c> in Core, which this project does not reference).</summary>
    public const string HealthzEndpointPath = "/healthz";
    public const string OtlpEndpointVariable = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>
    /// Every AgentSpec activity source and meter the hosts export (docs/telemetry.md, "Sources and meters"):
    /// a wildcard, so a source added in Core is exported without this project depending on Core.
    /// </summary>
    public const string AgentSpecTelemetryNames = "AgentSpec.*";

    public static TBuilder AddServiceDefaults<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.ConfigureOpenTelemetry();
        builder.AddDefaultHealthChecks();
        builder.Services.AddServiceDiscovery();
        builder.Services.ConfigureHttpClientDefaults(http =>
        {
            http.AddStandardResilienceHandler();
            http.AddServiceDiscovery();
        });
        return builder;
    }

    public static TBuilder ConfigureOpenTelemetry<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Logging.AddOpenTelemetry(logging =>
        {
            logging.IncludeFormattedMessage = true;
            logging.IncludeScopes = true;
        });

        builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource =>
            {
                // Under Aspire OTEL_SERVICE_NAME names the resource; elsewhere name it after the host (runtime, agentspec).
                if (string.IsNullOrWhiteSpace(builder.Configuration["OTEL_SERVICE_NAME"]))
                {
                    resource.AddService(builder.Environment.ApplicationName);
                }
            })
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddMeter(AgentSpecTelemetryNames))
            .WithTracing(tracing => tracing
                .AddSource(builder.Environment.ApplicationName)
                .AddSource(AgentSpecTelemetryNames)
                .AddAspNetCoreInstrumentation(options => options.Filter = context => !IsHealthCheck(context.Request.Path))
                .AddHttpClientInstrumentation()
                .AddRedisInstrumentation(options => options.Filter = context => !IsUnderUnrecordedSpan(context.ParentActivity)));

        builder.AddOpenTelemetryExporters();
        return builder;
    }

    /// <summary>
    /// Health probes (the orchestrator polls <c>/healthz</c> every few seconds per replica) are not traced: they
    /// would bury the requests a person is looking for in the dashboard's trace list.
    /// </summary>
    public static bool IsHealthCheck(Microsoft.AspNetCore.Http.PathString path) =>
        path.StartsWithSegments(HealthEndpointPath)
        || path.StartsWithSegments(AlivenessEndpointPath)
        || path.StartsWithSegments(HealthzEndpointPath);

    /// <summary>
    /// True for a Redis call made under a span that is not recorded, such as a health probe's. Under the AppHost every
    /// span is sampled (<c>OTEL_TRACES_SAMPLER=always_on</c>, not parent-based), so without this the probe's Redis call
    /// would be recorded on its own and appear in the dashboard as a trace of its own every few seconds.
    /// </summary>
    private static bool IsUnderUnrecordedSpan(System.Diagnostics.Activity? parent) => parent is { Recorded: false };

    private static TBuilder AddOpenTelemetryExporters<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        // Logs, traces and metrics go to the OTLP endpoint (the Aspire dashboard under the AppHost) only when
        // one is configured; without it nothing is exported and nothing tries to connect.
        var useOtlpExporter = !string.IsNullOrWhiteSpace(builder.Configuration[OtlpEndpointVariable]);
        if (useOtlpExporter)
        {
            builder.Services.AddOpenTelemetry().UseOtlpExporter();
        }

        return builder;
    }

    public static TBuilder AddDefaultHealthChecks<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddHealthChecks()
            .AddCheck("self", () => HealthCheckResult.Healthy(), ["live"]);
        return builder;
    }

    /// <summary>Maps <c>/health</c> (every check must pass) and <c>/alive</c> (only the liveness checks), both public.</summary>
    public static WebApplication MapDefaultEndpoints(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapHealthChecks(HealthEndpointPath).AllowAnonymous();
        app.MapHealthChecks(AlivenessEndpointPath, new HealthCheckOptions
        {
            Predicate = r => r.Tags.Contains("live"),
        }).AllowAnonymous();
        return app;
    }
}
