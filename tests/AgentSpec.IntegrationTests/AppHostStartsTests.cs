using Aspire.Hosting;
using Aspire.Hosting.Testing;

namespace AgentSpec.IntegrationTests;

public sealed class AppHostStartsTests
{
    [Fact]
    public async Task Runtime_becomes_healthy_under_the_orchestrator()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var appHost = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AgentSpec_AppHost>(cts.Token);
        await using var app = await appHost.BuildAsync(cts.Token);
        await app.StartAsync(cts.Token);
        await app.ResourceNotifications.WaitForResourceHealthyAsync("runtime", cts.Token);
        using var http = app.CreateHttpClient("runtime");
        var response = await http.GetAsync(new Uri("/healthz", UriKind.Relative), cts.Token);
        Assert.True(response.IsSuccessStatusCode);
    }
}
