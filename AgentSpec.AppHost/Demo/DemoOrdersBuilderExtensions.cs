using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace AgentSpec.AppHost.Demo;

/// <summary>
/// Registers <c>demo-orders</c>, the demo shop's order service that <c>examples/support-bot</c>'s <c>order-status</c>
/// http tool calls (<c>http://demo-orders/orders/{{order_id}}</c>), and lets the runtime reach it: service
/// discovery gives the runtime its address, and its name goes on the runtime's http allow-list
/// (docs/architecture.md, "The demo order service").
/// </summary>
public static class DemoOrdersBuilderExtensions
{
    public const string ResourceName = "demo-orders";
    public const string EndpointName = "http";

    /// <summary>The runtime's http allow-list (its <c>ToolOptions</c>, docs/tools.md), which the AppHost also passes on from its own configuration.</summary>
    public const string AllowedHostsSection = "AgentSpec:Tools:AllowedHosts";

    public const string HealthPath = "/health";

    public static IResourceBuilder<ProjectResource> AddDemoOrders(this IDistributedApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);

        // http only: a demo on a developer's machine, reached over loopback through the orchestrator's proxy.
        return builder.AddProject<Projects.AgentSpec_DemoOrders>(ResourceName, launchProfileName: null)
            .WithHttpEndpoint(name: EndpointName)
            .WithHttpHealthCheck(HealthPath);
    }

    /// <summary>The runtime finds <paramref name="demoOrders"/> by name and may call it from http tools.</summary>
    public static IResourceBuilder<ProjectResource> WithDemoOrders(this IResourceBuilder<ProjectResource> runtime, IResourceBuilder<ProjectResource> demoOrders)
    {
        ArgumentNullException.ThrowIfNull(runtime);
        ArgumentNullException.ThrowIfNull(demoOrders);
        return runtime
            .WithReference(demoOrders)
            .WithEnvironment(AllowedHostVariable(runtime.ApplicationBuilder.Configuration), ResourceName);
    }

    /// <summary>
    /// The environment variable of the allow-list entry after those the AppHost's configuration already lists
    /// (<c>AgentSpec__Tools__AllowedHosts__0</c> when none), so demo-orders is added to them, never replaces one.
    /// </summary>
    public static string AllowedHostVariable(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var next = configuration.GetSection(AllowedHostsSection).GetChildren()
            .Select(entry => int.TryParse(entry.Key, NumberStyles.None, CultureInfo.InvariantCulture, out var index) ? index + 1 : 0)
            .DefaultIfEmpty(0)
            .Max();
        return $"{AllowedHostsSection.Replace(":", "__", StringComparison.Ordinal)}__{next.ToString(CultureInfo.InvariantCulture)}";
    }
}
