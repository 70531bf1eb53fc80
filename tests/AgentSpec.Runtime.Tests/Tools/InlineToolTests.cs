using System.Net;
using AgentSpec.Runtime.Tests.Hosting;

namespace AgentSpec.Runtime.Tests.Tools;

public sealed class InlineToolTests
{
    [Fact]
    public async Task An_agent_with_an_inline_tool_is_refused_at_deploy_time_unless_the_runtime_enables_inline_code()
    {
        await using var runtime = await RuntimeInstance.StartAsync();
        using var client = runtime.CreateClient();
        var definition = TestAgents.WithSkills(TestAgents.Create("scripted"), null, ("shout", TestAgents.Skill(ToolAgents.Inline("print(input().upper())"), "q")));

        using var response = await client.PutAsync("/v1/agents/scripted", Api.Definition(definition));

        var message = await Api.AssertErrorAsync(response, HttpStatusCode.BadRequest, "invalid_request");
        Assert.Equal("Skill 'shout' of agent 'scripted' has an inline tool that this runtime does not run: it is disabled on this runtime (set AgentSpec:Tools:EnableInline to true to run inline code).", message);
        using var list = await client.GetAsync("/v1/agents/scripted");
        Assert.Equal(HttpStatusCode.NotFound, list.StatusCode);
    }

    [Fact]
    public async Task An_enabled_inline_python_tool_runs_with_the_input_on_stdin_a_timeout_and_a_memory_limit()
    {
        await using var runtime = await RuntimeInstance.StartAsync(new Dictionary<string, string?>
        {
            ["AgentSpec:Tools:EnableInline"] = "true",
            ["AgentSpec:Tools:MaxOutputBytes"] = "2048",
        });
        using var client = runtime.CreateClient();
        var session = await ToolAgents.DeployAsync(
            client,
            "scripted",
            null,
            ("shout", ToolAgents.Inline("import json, sys\nprint(json.load(sys.stdin)['q'].upper(), end='')")),
            ("spin", ToolAgents.Inline("while True: pass", timeout: "500ms")),
            ("hog", ToolAgents.Inline("block = bytearray(512 * 1024 * 1024)\nprint(len(block))", memory: "128Mi")),
            ("flood", ToolAgents.Inline("print('x' * 100000)")),
            ("crash", ToolAgents.Inline("raise SystemExit('no such order')")));

        Assert.Equal("HELLO", await ToolAgents.CallAsync(client, "scripted", session, "shout", "hello"));
        Assert.Equal("error: 'python3' timed out after 500ms and was stopped", await ToolAgents.CallAsync(client, "scripted", session, "spin"));
        var hog = await ToolAgents.CallAsync(client, "scripted", session, "hog");
        Assert.StartsWith("error: 'python3' exited with code 1", hog, StringComparison.Ordinal);
        Assert.Contains("MemoryError", hog, StringComparison.Ordinal);
        Assert.StartsWith("error: 'python3' wrote more than the runtime's cap of 2048 bytes", await ToolAgents.CallAsync(client, "scripted", session, "flood"), StringComparison.Ordinal);
        Assert.Equal("error: 'python3' exited with code 1: no such order", await ToolAgents.CallAsync(client, "scripted", session, "crash"));
    }
}
