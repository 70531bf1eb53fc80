using System.Reflection;
using System.Text.Json.Nodes;
using AgentSpec.Core.Apply;
using AgentSpec.Runtime.Tests.Hosting;
using AgentSpec.Testing;

namespace AgentSpec.Runtime.Tests.Tools;

/// <summary>
/// <c>tool mcp "server/tool"</c> against a real stdio MCP server written with the official SDK's server API
/// (tests/AgentSpec.McpTestServer), started by the runtime as <c>dotnet AgentSpec.McpTestServer.dll</c>: success
/// over one connection reused across turns, a tool error, a timeout after which the connection still serves,
/// an oversized result, an unknown tool and a server whose command is not allowed (docs/tools.md, "mcp tools").
/// </summary>
public sealed class McpSdkServerTests
{
    private static readonly string ServerAssembly = Path.Combine(
        RedisServer.RepositoryRoot(), "tests", "AgentSpec.McpTestServer", "bin",
        typeof(McpSdkServerTests).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug",
        "net10.0", "AgentSpec.McpTestServer.dll");

    private static readonly JsonObject Shop = new()
    {
        ["name"] = "shop",
        ["transport"] = "stdio",
        ["command"] = "dotnet",
        ["args"] = new JsonArray(ServerAssembly),
    };

    [Fact]
    public async Task Calls_reach_the_sdk_server_over_one_reused_connection_and_its_failures_are_tool_results()
    {
        Assert.True(File.Exists(ServerAssembly), $"Build tests/AgentSpec.McpTestServer first; {ServerAssembly} is missing.");
        await using var runtime = await RuntimeInstance.StartAsync(new Dictionary<string, string?>
        {
            ["AgentSpec:Tools:AllowedBinaries:0"] = "dotnet",
            ["AgentSpec:Tools:DefaultTimeout"] = "00:00:20",
            ["AgentSpec:Tools:MaxOutputBytes"] = "1000",
        });
        using var client = runtime.CreateClient();
        await Api.DeployAsync(client, Agent(
            "sdk-clerk",
            ("echo", "shop/echo", Shop, null),
            ("fail", "shop/fail", Shop, null),
            ("hang", "shop/hang", Shop, "2s"),
            ("huge", "shop/huge", Shop, null),
            ("missing", "shop/no-such-tool", Shop, null)));
        var session = await Api.CreateSessionAsync(client, "sdk-clerk");

        var first = await ToolAgents.CallAsync(client, "sdk-clerk", session, "echo", "bell");
        Assert.StartsWith("echo bell from process ", first, StringComparison.Ordinal);
        Assert.Equal(first.Replace("bell", "pump", StringComparison.Ordinal), await ToolAgents.CallAsync(client, "sdk-clerk", session, "echo", "pump"));

        var failed = await ToolAgents.CallAsync(client, "sdk-clerk", session, "fail");
        Assert.StartsWith("error: MCP tool 'shop/fail' reported an error: ", failed, StringComparison.Ordinal);
        Assert.Contains("the warehouse is closed for 'x'", failed, StringComparison.Ordinal);
        Assert.Equal("error: MCP tool 'shop/hang' timed out after 2s", await ToolAgents.CallAsync(client, "sdk-clerk", session, "hang"));
        Assert.StartsWith("error: MCP tool 'shop/huge' returned more than the runtime's cap of 1000 bytes", await ToolAgents.CallAsync(client, "sdk-clerk", session, "huge"), StringComparison.Ordinal);
        Assert.StartsWith("error: MCP tool 'shop/no-such-tool' ", await ToolAgents.CallAsync(client, "sdk-clerk", session, "missing"), StringComparison.Ordinal);

        // The server still answers after the failures; a new process would show another process id.
        var after = await ToolAgents.CallAsync(client, "sdk-clerk", session, "echo", "seat");
        Assert.StartsWith("echo seat from process ", after, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_server_whose_command_is_not_allowed_is_never_started()
    {
        await using var runtime = await RuntimeInstance.StartAsync(new Dictionary<string, string?>
        {
            ["AgentSpec:Tools:AllowedBinaries:0"] = "mcp-fs",
        });
        using var client = runtime.CreateClient();
        await Api.DeployAsync(client, Agent("sdk-closed", ("echo", "shop/echo", Shop, null)));
        var session = await Api.CreateSessionAsync(client, "sdk-closed");

        Assert.Equal(
            "error: binary 'dotnet' is not on the runtime's allow-list (configure AgentSpec:Tools:AllowedBinaries)",
            await ToolAgents.CallAsync(client, "sdk-closed", session, "echo"));
    }

    private static AgentDefinition Agent(string name, params (string Skill, string ServerTool, JsonObject Server, string? Timeout)[] skills)
    {
        var definition = TestAgents.WithSkills(
            TestAgents.Create(name),
            null,
            skills.Select(s =>
            {
                var tool = new JsonObject { ["type"] = "mcp", ["server_tool"] = s.ServerTool };
                if (s.Timeout is not null)
                {
                    // IntentLang gives an mcp tool no block; a definition may still carry a timeout, which the runner honours.
                    tool["timeout"] = s.Timeout;
                }

                return (s.Skill, TestAgents.Skill(tool, "q"));
            }).ToArray());
        return (definition with
        {
            Skills = definition.Skills.Select((skill, i) => skill with { McpServer = (JsonObject?)skills[i].Server.DeepClone() }).ToList(),
        }).WithComputedHash();
    }
}
