using System.Reflection;
using System.Text.Json.Nodes;
using AgentSpec.Runtime.Tests.Hosting;
using AgentSpec.Runtime.Tools;
using AgentSpec.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace AgentSpec.Runtime.Tests.Tools;

/// <summary>
/// <c>tool mcp "server/tool"</c> against a real stdio MCP server (tests/AgentSpec.McpTestServer, built on the
/// official SDK's server API), started by the runtime as <c>dotnet AgentSpec.McpTestServer.dll</c> (docs/tools.md).
/// </summary>
public sealed class McpToolTests
{
    private static readonly string ServerAssembly = Path.Combine(
        RedisServer.RepositoryRoot(), "tests", "AgentSpec.McpTestServer", "bin",
        typeof(McpToolTests).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug",
        "net10.0", "AgentSpec.McpTestServer.dll");

    private static JsonObject Mcp(string tool) => new()
    {
        ["type"] = "mcp",
        ["server_tool"] = $"shop/{tool}",
        ["server"] = new JsonObject
        {
            ["transport"] = "stdio",
            ["command"] = "dotnet",
            ["args"] = new JsonArray(ServerAssembly),
        },
    };

    [Fact]
    public async Task Calls_reach_the_declared_server_over_one_connection_reused_across_turns_and_failures_are_tool_results()
    {
        Assert.True(File.Exists(ServerAssembly), $"Build tests/AgentSpec.McpTestServer first; {ServerAssembly} is missing.");
        await using var runtime = await RuntimeInstance.StartAsync(new Dictionary<string, string?>
        {
            ["AgentSpec:Tools:AllowedMcpServers:0"] = "dotnet",
            ["AgentSpec:Tools:DefaultTimeout"] = "00:00:02",
            ["AgentSpec:Tools:MaxOutputBytes"] = "1000",
        });
        using var client = runtime.CreateClient();
        var session = await ToolAgents.DeployAsync(
            client,
            "mcp-user",
            null,
            ("echo", Mcp("echo")),
            ("fail", Mcp("fail")),
            ("hang", Mcp("hang")),
            ("huge", Mcp("huge")),
            ("missing", Mcp("no-such-tool")));

        var first = await ToolAgents.CallAsync(client, "mcp-user", session, "echo", "bell");
        Assert.StartsWith("echo bell from process ", first, StringComparison.Ordinal);
        var second = await ToolAgents.CallAsync(client, "mcp-user", session, "echo", "pump");
        Assert.Equal(first.Replace("bell", "pump", StringComparison.Ordinal), second);

        Assert.Contains("the warehouse is closed for 'x'", await ToolAgents.CallAsync(client, "mcp-user", session, "fail"), StringComparison.Ordinal);
        Assert.StartsWith("error: MCP tool 'shop/fail' failed: ", await ToolAgents.CallAsync(client, "mcp-user", session, "fail"), StringComparison.Ordinal);
        Assert.Equal("error: MCP tool 'shop/hang' timed out after 2s", await ToolAgents.CallAsync(client, "mcp-user", session, "hang"));
        Assert.StartsWith("error: the result is larger than the runtime's cap of 1000 bytes", await ToolAgents.CallAsync(client, "mcp-user", session, "huge"), StringComparison.Ordinal);
        Assert.StartsWith("error: MCP tool 'shop/no-such-tool' failed: ", await ToolAgents.CallAsync(client, "mcp-user", session, "missing"), StringComparison.Ordinal);

        // After a timeout and failures the same server process still answers: one connection for all of it.
        Assert.Equal(first.Replace("bell", "seat", StringComparison.Ordinal), await ToolAgents.CallAsync(client, "mcp-user", session, "echo", "seat"));
        Assert.Equal(1, runtime.Services.GetRequiredService<McpToolRunner>().ConnectionCount);
    }

    [Fact]
    public async Task A_server_whose_command_is_not_on_the_allow_list_is_never_started()
    {
        await using var runtime = await RuntimeInstance.StartAsync(new Dictionary<string, string?>
        {
            ["AgentSpec:Tools:AllowedMcpServers:0"] = "mcp-fs",
        });
        using var client = runtime.CreateClient();
        var session = await ToolAgents.DeployAsync(client, "mcp-closed", null, ("echo", Mcp("echo")));

        Assert.Equal(
            "error: MCP server 'shop' (command 'dotnet') is not on the runtime's allow-list (configure AgentSpec:Tools:AllowedMcpServers)",
            await ToolAgents.CallAsync(client, "mcp-closed", session, "echo"));
        Assert.Equal(0, runtime.Services.GetRequiredService<McpToolRunner>().ConnectionCount);
    }

    [Fact]
    public async Task A_definition_without_the_server_declaration_is_refused_at_deploy_time()
    {
        await using var runtime = await RuntimeInstance.StartAsync();
        using var client = runtime.CreateClient();
        var tool = new JsonObject { ["type"] = "mcp", ["server_tool"] = "shop/echo" };
        var definition = TestAgents.WithSkills(TestAgents.Create("mcp-old"), null, ("echo", TestAgents.Skill(tool, "q")));

        var error = await Assert.ThrowsAnyAsync<Exception>(() => Api.DeployAsync(client, definition));
        Assert.Contains("does not carry the server's declaration", error.Message, StringComparison.Ordinal);
    }
}
