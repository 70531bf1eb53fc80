using System.Diagnostics;
using AgentSpec.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Trace;
using OpenTelemetry;

namespace AgentSpec.ServiceDefaults.Tests;

/// <summary>Health probes stay out of the traces; every other request is traced.</summary>
public sealed class HealthRequestTracingTests
{
    [Fact]
    public async Task Health_alive_and_healthz_requests_are_not_traced_but_other_requests_are()
    {
        var exported = new ExportedCollection<Activity>();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.AddServiceDefaults();
        builder.Services.AddOpenTelemetry().WithTracing(t => t.AddInMemoryExporter(exported));
        await using var app = builder.Build();
        app.MapDefaultEndpoints();
        app.MapGet(Extensions.HealthzEndpointPath, () => "ok");
        app.MapGet("/agents", () => "[]");
        await app.StartAsync();
        var address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        using var http = new HttpClient { BaseAddress = address };

        // Listeners are process-wide and tests run in parallel: find this test's spans by its server port.
        foreach (var path in new[] { Extensions.HealthEndpointPath, Extensions.AlivenessEndpointPath, Extensions.HealthzEndpointPath, "/agents" })
        {
            using var response = await http.GetAsync(new Uri(path, UriKind.Relative));
            response.EnsureSuccessStatusCode();
        }

        await app.StopAsync();
        app.Services.GetRequiredService<TracerProvider>().ForceFlush();
        var paths = exported
            .Where(a => a.Kind == ActivityKind.Server && Equals(a.GetTagItem("server.port"), address.Port))
            .Select(a => a.GetTagItem("url.path") as string)
            .ToList();
        Assert.Equal(["/agents"], paths);
    }

    [Theory]
    [InlineData("/health", true)]
    [InlineData("/alive", true)]
    [InlineData("/healthz", true)]
    [InlineData("/healthz/", true)]
    [InlineData("/agents", false)]
    [InlineData("/healthzz", false)]
    public void Health_paths_are_recognised_by_segment(string path, bool isHealthCheck) =>
        Assert.Equal(isHealthCheck, Extensions.IsHealthCheck(new PathString(path)));
}
