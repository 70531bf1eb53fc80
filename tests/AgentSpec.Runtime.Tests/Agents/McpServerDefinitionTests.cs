using System.Text.Json.Nodes;
using AgentSpec.Core.Apply;
using AgentSpec.Core.IntentLang;
using AgentSpec.Core.Resources;

namespace AgentSpec.Runtime.Tests.Agents;

/// <summary>
/// A skill with <c>tool mcp "server/tool"</c> is deployed with its server's declaration, so the runtime can connect
/// to the server from the definition alone; the skill's resource hash in state does not change (docs/tools.md).
/// </summary>
public sealed class McpServerDefinitionTests
{
    private const string Source = """
        package "shop" version "1.0.0" lang "2.0"

        secret "fs-token" {
          env(FS_TOKEN)
        }

        server "fs" {
          transport "stdio"
          command "mcp-fs"
          args ["--root", "/data"]
          env { MODE "ro" }
          auth secret "fs-token"
        }

        skill "read-file" {
          description "Read a file"
          input {
            path string required
          }
          tool mcp "fs/read"
        }

        agent "clerk" {
          uses skill "read-file"
          model "claude-sonnet-4-20250514"
        }
        """;

    [Fact]
    public void The_mcp_tool_of_a_deployed_skill_carries_its_server_declaration()
    {
        var compiled = IntentLangCompiler.Compile("shop.ias", Source);
        Assert.False(compiled.HasErrors, string.Join('\n', compiled.Errors));
        var package = compiled.Package!;

        var tool = AgentDefinitionFactory.Create(package, "clerk").Skills.Single().Attributes["tool"]!.AsObject();

        Assert.Equal("fs/read", (string?)tool["server_tool"]);
        var server = tool["server"]!.AsObject();
        Assert.Equal("stdio", (string?)server["transport"]);
        Assert.Equal("mcp-fs", (string?)server["command"]);
        Assert.Equal(["--root", "/data"], server["args"]!.AsArray().Select(a => (string?)a));
        Assert.Equal("ro", (string?)server["env"]!["MODE"]);
        Assert.Equal("fs-token", (string?)server["auth"]);

        // The resource in state keeps the lowered attributes as they were: no server inside the skill.
        var skill = package.Resources.Single(r => r.Kind == ResourceKinds.Skill);
        Assert.Null(skill.Attributes["tool"]!["server"]);
        Assert.IsType<JsonObject>(skill.Attributes["tool"]);
    }
}
