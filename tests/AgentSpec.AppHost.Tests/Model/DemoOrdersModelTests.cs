using AgentSpec.AppHost.Demo;
using AgentSpec.AppHost.Runtime;
using AgentSpec.Testing;
using Aspire.Hosting.ApplicationModel;

namespace AgentSpec.AppHost.Tests.Model;

/// <summary>
/// The demo order service the support-bot's http tool calls (docs/architecture.md, "The demo order service"):
/// its resource, and the runtime's way to it (service discovery and the http allow-list).
/// </summary>
public sealed class DemoOrdersModelTests
{
    [Fact]
    public async Task Demo_orders_is_a_project_with_one_http_endpoint_and_a_health_check()
    {
        await using var builder = await AppModel.CreateAsync("--AgentSpec:Redis:Mode=garnet");

        var demoOrders = builder.Resource<ProjectResource>(DemoOrdersBuilderExtensions.ResourceName);
        var endpoint = Assert.Single(demoOrders.Annotations.OfType<EndpointAnnotation>());
        Assert.Equal(DemoOrdersBuilderExtensions.EndpointName, endpoint.Name);
        Assert.Equal("http", endpoint.UriScheme);
        Assert.Contains(endpoint.TargetHost, new[] { "localhost", "127.0.0.1" });
        Assert.NotEmpty(demoOrders.Annotations.OfType<HealthCheckAnnotation>());
    }

    [Fact]
    public async Task The_runtime_finds_demo_orders_by_service_discovery_and_has_it_on_its_http_allow_list()
    {
        await using var builder = await AppModel.CreateAsync("--AgentSpec:Redis:Mode=garnet");

        var runtime = builder.Resource<ProjectResource>(RuntimeBuilderExtensions.ResourceName);
        var environment = await builder.EnvironmentAsync(runtime);
        var endpoint = Assert.IsType<EndpointReference>(environment[$"services__{DemoOrdersBuilderExtensions.ResourceName}__http__0"]);
        Assert.Equal(DemoOrdersBuilderExtensions.ResourceName, endpoint.Resource.Name);
        Assert.Equal(DemoOrdersBuilderExtensions.ResourceName, environment["AgentSpec__Tools__AllowedHosts__0"]);
    }

    [Fact]
    public async Task Demo_orders_is_added_after_the_hosts_the_AppHost_configuration_allows()
    {
        await using var builder = await AppModel.CreateAsync(
            "--AgentSpec:Redis:Mode=garnet",
            "--AgentSpec:Tools:AllowedHosts:0=api.example.com",
            "--AgentSpec:Tools:AllowedHosts:1=*.example.org");

        var environment = await builder.EnvironmentAsync(builder.Resource<ProjectResource>(RuntimeBuilderExtensions.ResourceName));
        Assert.Equal("api.example.com", environment["AgentSpec__Tools__AllowedHosts__0"]);
        Assert.Equal("*.example.org", environment["AgentSpec__Tools__AllowedHosts__1"]);
        Assert.Equal(DemoOrdersBuilderExtensions.ResourceName, environment["AgentSpec__Tools__AllowedHosts__2"]);
    }

    [Fact]
    public void The_support_bot_example_calls_demo_orders_by_its_resource_name()
    {
        var example = File.ReadAllText(Path.Combine(RedisServer.RepositoryRoot(), "examples", "support-bot", "support-bot.ias"));

        Assert.Contains($"url \"http://{DemoOrdersBuilderExtensions.ResourceName}/orders/{{{{order_id}}}}\"", example, StringComparison.Ordinal);
    }
}
