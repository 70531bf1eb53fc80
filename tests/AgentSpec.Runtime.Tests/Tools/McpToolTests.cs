using System.Text.Json.Nodes;
using AgentSpec.Core.Apply;
using AgentSpec.Runtime.Tests.Hosting;
using AgentSpec.Testing;

namespace AgentSpec.Runtime.Tests.Tools;

public sealed class McpToolTests
{
    /// <summary>A minimal MCP server over stdio (newline-delimited JSON-RPC), as a real separate process.</summary>
    private const string Server = """
        import json, os, sys
        calls = 0
        for line in sys.stdin:
            message = json.loads(line)
            if 'id' not in message:
                continue
            method = message['method']
            if method == 'initialize':
                result = {'protocolVersion': message['params']['protocolVersion'], 'capabilities': {'tools': {}}, 'serverInfo': {'name': 'orders', 'version': '1.0'}}
            elif method == 'tools/list':
                result = {'tools': [{'name': 'lookup', 'description': 'Look up an order', 'inputSchema': {'type': 'object'}}]}
            elif method == 'tools/call':
                calls += 1
                params = message['params']
                if params['name'] == 'lookup':
                    text = 'pid %d call %d: order %s shipped, token %s' % (os.getpid(), calls, params.get('arguments', {}).get('q'), os.environ.get('AGENTSPEC_MCP_TOKEN'))
                    result = {'content': [{'type': 'text', 'text': text}]}
                else:
                    result = {'content': [{'type': 'text', 'text': 'no tool ' + params['name']}], 'isError': True}
            elif method == 'ping':
                result = {}
            else:
                print(json.dumps({'jsonrpc': '2.0', 'id': message['id'], 'error': {'code': -32601, 'message': 'unknown method'}}), flush=True)
                continue
            print(json.dumps({'jsonrpc': '2.0', 'id': message['id'], 'result': result}), flush=True)
        """;

    [Fact]
    public async Task An_mcp_tool_calls_the_declared_stdio_server_reusing_its_connection_across_turns()
    {
        using var dir = new TempDirectory();
        var script = Path.Combine(dir.Path, "orders_mcp.py");
        await File.WriteAllTextAsync(script, Server);
        await using var runtime = await RuntimeInstance.StartAsync(new Dictionary<string, string?>
        {
            ["AgentSpec:Tools:AllowedBinaries:0"] = "python3",
            ["AgentSpec:Secrets:orders-token"] = "mcp-secret-91f2",
        });
        using var client = runtime.CreateClient();
        var server = new JsonObject { ["name"] = "orders", ["transport"] = "stdio", ["command"] = "python3", ["args"] = new JsonArray("-u", script), ["auth"] = "orders-token" };
        var blocked = new JsonObject { ["name"] = "blocked", ["transport"] = "stdio", ["command"] = "node", ["args"] = new JsonArray("server.js") };
        await Api.DeployAsync(client, Agent("clerk", ("lookup", "orders/lookup", server), ("missing", "orders/missing", server), ("blocked", "blocked/tool", blocked)));
        var session = await Api.CreateSessionAsync(client, "clerk");

        var first = await ToolAgents.CallAsync(client, "clerk", session, "lookup", "1234");
        var second = await ToolAgents.CallAsync(client, "clerk", session, "lookup", "5678");

        Assert.Matches(@"^pid \d+ call 1: order 1234 shipped, token \[secret\]$", first);
        Assert.Matches(@"^pid \d+ call 2: order 5678 shipped, token \[secret\]$", second);
        Assert.Equal(first.Split(' ')[1], second.Split(' ')[1]);
        Assert.Equal("error: MCP tool 'orders/missing' reported an error: no tool missing", await ToolAgents.CallAsync(client, "clerk", session, "missing"));
        Assert.Equal(
            "error: binary 'node' is not on the runtime's allow-list (configure AgentSpec:Tools:AllowedBinaries)",
            await ToolAgents.CallAsync(client, "clerk", session, "blocked"));
    }

    [Fact]
    public async Task An_mcp_tool_whose_definition_lacks_its_server_is_refused_at_deploy_time()
    {
        await using var runtime = await RuntimeInstance.StartAsync();
        using var client = runtime.CreateClient();
        var definition = Agent("old-cli", ("lookup", "orders/lookup", null));

        using var response = await client.PutAsync("/v1/agents/old-cli", Api.Definition(definition));

        var message = await Api.AssertErrorAsync(response, System.Net.HttpStatusCode.BadRequest, "invalid_request");
        Assert.Equal("Skill 'lookup' of agent 'old-cli' uses MCP tool 'orders/lookup', but the definition does not carry its MCP server (deploy it with this version of the CLI).", message);
    }

    private static AgentDefinition Agent(string name, params (string Skill, string ServerTool, JsonObject? Server)[] skills)
    {
        var definition = TestAgents.WithSkills(
            TestAgents.Create(name),
            null,
            skills.Select(s => (s.Skill, TestAgents.Skill(new JsonObject { ["type"] = "mcp", ["server_tool"] = s.ServerTool }, "q"))).ToArray());
        return (definition with
        {
            Skills = definition.Skills.Select((skill, i) => skill with { McpServer = (JsonObject?)skills[i].Server?.DeepClone() }).ToList(),
        }).WithComputedHash();
    }
}
