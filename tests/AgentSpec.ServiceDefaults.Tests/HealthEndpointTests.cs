using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AgentSpec.ServiceDefaults.Tests;

/// <summary><c>MapDefaultEndpoints</c> maps <c>/health</c> (every check) and <c>/alive</c> (liveness checks only).</summary>
public sealed class HealthEndpointTests
{
    [Fact]
    public async Task Health_and_alive_are_mapped_and_healthy_when_every_check_passes()
    {
        await using var app = await StartAsync(_ => { });
        using var http = new HttpClient { BaseAddress = Address(app) };

        using var health = await http.GetAsync(new Uri(Extensions.HealthEndpointPath, UriKind.Relative));
        using var alive = await http.GetAsync(new Uri(Extensions.AlivenessEndpointPath, UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal("Healthy", await health.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, alive.StatusCode);
    }

    [Fact]
    public async Task A_failing_readiness_check_fails_health_but_not_alive()
    {
        await using var app = await StartAsync(builder =>
            builder.Services.AddHealthChecks().AddCheck("redis", () => HealthCheckResult.Unhealthy("down")));
        using var http = new HttpClient { BaseAddress = Address(app) };

        using var health = await http.GetAsync(new Uri(Extensions.HealthEndpointPath, UriKind.Relative));
        using var alive = await http.GetAsync(new Uri(Extensions.AlivenessEndpointPath, UriKind.Relative));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
        Assert.Equal(HttpStatusCode.OK, alive.StatusCode);
    }

    private static async Task<WebApplication> StartAsync(Action<WebApplicationBuilder> configure)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.AddServiceDefaults();
        configure(builder);
        var app = builder.Build();
        app.MapDefaultEndpoints();
        await app.StartAsync();
        return app;
    }

    private static Uri Address(WebApplication app) =>
        new(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
}
