using AgentSpec.Runtime.Tests.Hosting;
using AgentSpec.Runtime.Tests.Models;
using Microsoft.AspNetCore.Http;

namespace AgentSpec.Runtime.Tests.Tools;

/// <summary>
/// An http tool may name a service instead of an address (<c>http://order-desk/…</c>): the runtime resolves it
/// through service discovery (<c>services:order-desk:http</c>, what the AppHost sets), and the allow-list applies
/// to the declared name, not to the address it resolves to (docs/tools.md).
/// </summary>
public sealed class HttpToolServiceDiscoveryTests
{
    [Fact]
    public async Task A_tool_url_naming_an_allowed_service_reaches_the_address_service_discovery_gives_it()
    {
        await using var server = await FakeOpenAiEndpoint.StartAsync();
        server.Tools["orders"] = (context, _) => context.Response.WriteAsync($"{context.Request.Path}{context.Request.QueryString}");
        var address = new Uri(server.ToolUrl("orders"));
        await using var runtime = await RuntimeInstance.StartAsync(new Dictionary<string, string?>
        {
            ["AgentSpec:Tools:AllowedHosts:0"] = "order-desk",
            ["services:order-desk:http:0"] = address.GetLeftPart(UriPartial.Authority),
        });
        using var client = runtime.CreateClient();
        var session = await ToolAgents.DeployAsync(
            client,
            "discovering",
            null,
            ("orders", ToolAgents.Http($"http://order-desk{address.AbsolutePath}?id={{{{q}}}}")),
            ("unnamed", ToolAgents.Http("http://other-desk/orders")));

        Assert.Equal($"{address.AbsolutePath}?id=1042", await ToolAgents.CallAsync(client, "discovering", session, "orders", "1042"));
        Assert.Single(server.ToolRequests, r => r.Name == "orders");

        // The resolved address is not on the list by itself: only names the runtime was told about are reachable.
        Assert.StartsWith("error: host 'other-desk' is not on the runtime's allow-list", await ToolAgents.CallAsync(client, "discovering", session, "unnamed"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_allowed_service_name_without_an_address_fails_as_a_tool_result()
    {
        await using var runtime = await RuntimeInstance.StartAsync(new Dictionary<string, string?>
        {
            ["AgentSpec:Tools:AllowedHosts:0"] = "nowhere-desk.invalid",
        });
        using var client = runtime.CreateClient();
        var session = await ToolAgents.DeployAsync(client, "lost", null, ("orders", ToolAgents.Http("http://nowhere-desk.invalid/orders", timeout: "10s")));

        Assert.StartsWith("error: GET http://nowhere-desk.invalid/orders failed: ", await ToolAgents.CallAsync(client, "lost", session, "orders"), StringComparison.Ordinal);
    }
}
