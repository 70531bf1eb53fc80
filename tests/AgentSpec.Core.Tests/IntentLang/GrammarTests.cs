using AgentSpec.Core.IntentLang;
using AgentSpec.Core.Resources;

namespace AgentSpec.Core.Tests.IntentLang;

/// <summary>Every IntentLang 2.0 construct parses and lowers to the attributes the original tool gave it.</summary>
public sealed class GrammarTests
{
    private const string Everything = """
        package "full" version "1.2.3-rc.1+build.5" lang "2.0"

        prompt "system" {
          content "Hello {{name}}"
          version "2"
          variables {
            name string required
            tone string default "warm"
          }
        }

        skill "run" {
          description "Run a program"
          input {
            path string required
            depth int
          }
          output {
            text string
          }
          tool command {
            binary "runner"
            args ["--fast", "-v"]
            timeout "45s"
            env {
              MODE "quick"
            }
            secrets {
              TOKEN "api-key"
            }
          }
        }

        skill "fetch" {
          description "Call an API"
          tool http {
            method "POST"
            url "https://api.example.com/v1"
            headers {
              "Content-Type" "application/json"
            }
            body_template "{\"q\": \"{{query}}\"}"
            timeout "10s"
          }
        }

        skill "calc" {
          description "Compute"
          tool inline {
            language "python"
            code "print(1)"
            memory "128Mi"
            timeout "2s"
          }
        }

        skill "remote" {
          description "Remote tool"
          tool mcp "tools/lookup"
        }

        skill "legacy" {
          description "Old style"
          execution command "legacy-tool --run"
        }

        secret "api-key" {
          env(API_KEY)
        }

        secret "db" {
          store("prod/db/password")
        }

        server "tools" {
          transport "streamable-http"
          url "https://mcp.example.com"
          args ["--a"]
          env {
            REGION "eu"
          }
          auth "api-key"
          exposes skill "remote"
        }

        client "desk" {
          connects to server "tools"
        }

        agent "helper" {
          uses prompt "system"
          uses skill "run"
          uses skill "fetch"
          model "claude-sonnet-4-20250514"
          strategy "plan-and-execute"
          max_turns 12
          timeout "2m"
          token_budget 5000
          temperature 0.7
          stream false
          on_error "fallback"
          max_retries 3
          fallback "backup"
          memory {
            strategy "sliding_window"
            max_messages 40
          }
          delegate to agent "backup" when "the user asks for billing"
          connects to client "desk"
        }

        agent "backup" {
          models ["model-a", "model-b"]
          temperature 0
          max_retries 0
          token_budget 0
        }

        environment "staging" {
          agent "helper" {
            model "small-model"
            temperature 0.2
            max_turns 3
            stream true
          }
          prompt "system" {
            content "Staging"
          }
        }

        deploy "local" target "process" {
          default true
          port 9000
          health {
            path "/healthz"
            interval "10s"
          }
          env {
            LOG "debug"
          }
        }
        """;

    private static Dictionary<string, Resource> Lower()
    {
        var result = IntentLangCompiler.Compile("full.ias", Everything);
        Assert.False(result.HasErrors, string.Join("\n", result.Diagnostics));
        Assert.Empty(result.Diagnostics);
        return result.Package!.Resources.ToDictionary(r => r.Fqn);
    }

    [Theory]
    [InlineData("full/Prompt/system", """{"content":"Hello {{name}}","variables":[{"name":"name","required":true,"type":"string"},{"default":"warm","name":"tone","type":"string"}],"version":"2"}""")]
    [InlineData("full/Skill/run", """{"description":"Run a program","input":[{"name":"path","required":true,"type":"string"},{"name":"depth","type":"int"}],"output":[{"name":"text","type":"string"}],"tool":{"args":["--fast","-v"],"binary":"runner","env":{"MODE":"quick"},"secrets":{"TOKEN":"api-key"},"timeout":"45s","type":"command"}}""")]
    [InlineData("full/Skill/fetch", """{"description":"Call an API","tool":{"body_template":"{\"q\": \"{{query}}\"}","headers":{"Content-Type":"application/json"},"method":"POST","timeout":"10s","type":"http","url":"https://api.example.com/v1"}}""")]
    [InlineData("full/Skill/calc", """{"description":"Compute","tool":{"code":"print(1)","language":"python","memory_limit":"128Mi","timeout":"2s","type":"inline"}}""")]
    [InlineData("full/Skill/remote", """{"description":"Remote tool","tool":{"server_tool":"tools/lookup","type":"mcp"}}""")]
    [InlineData("full/Skill/legacy", """{"description":"Old style","execution":{"type":"command","value":"legacy-tool --run"}}""")]
    [InlineData("full/Secret/api-key", """{"key":"API_KEY","source":"env"}""")]
    [InlineData("full/Secret/db", """{"key":"prod/db/password","source":"store"}""")]
    [InlineData("full/MCPServer/tools", """{"args":["--a"],"auth":"api-key","env":{"REGION":"eu"},"transport":"streamable-http","url":"https://mcp.example.com"}""")]
    [InlineData("full/MCPClient/desk", """{"servers":["tools"]}""")]
    [InlineData("full/Agent/helper", """{"client":"desk","delegates":[{"agent":"backup","condition":"the user asks for billing"}],"fallback":"backup","max_retries":3,"max_turns":12,"memory":{"max_messages":40,"strategy":"sliding_window"},"model":"claude-sonnet-4-20250514","on_error":"fallback","prompt":"system","skills":["run","fetch"],"strategy":"plan-and-execute","stream":false,"temperature":0.7,"timeout":"2m","token_budget":5000}""")]
    [InlineData("full/Agent/backup", """{"model":"","models":["model-a","model-b"],"temperature":0}""")]
    [InlineData("full/Environment/staging", """{"name":"staging","overrides":[{"attribute":"model","resource":"agent/helper","value":"small-model"},{"attribute":"temperature","resource":"agent/helper","value":0.2},{"attribute":"max_turns","resource":"agent/helper","value":3},{"attribute":"stream","resource":"agent/helper","value":true},{"attribute":"content","resource":"prompt/system","value":"Staging"}]}""")]
    public void Each_construct_lowers_to_the_original_tools_attributes(string fqn, string canonical)
    {
        var resource = Lower()[fqn];

        Assert.Equal(canonical, CanonicalJson.Serialize(resource.Attributes));
        Assert.Equal(CanonicalJson.HashOf(canonical), resource.Hash);
    }

    [Fact]
    public void The_package_header_and_deploy_targets_are_read()
    {
        var package = IntentLangCompiler.Compile("full.ias", Everything).Package!;

        Assert.Equal(("full", "1.2.3-rc.1+build.5", "2.0"), (package.Name, package.Version, package.LangVersion));
        Assert.Equal(13, package.Resources.Count);
        var deploy = Assert.Single(package.DeployTargets);
        Assert.True(deploy.IsDefault);
        Assert.Equal("""{"env":{"LOG":"debug"},"health":{"interval":"10s","path":"/healthz"},"port":9000}""", CanonicalJson.Serialize(deploy.Settings));
    }

    [Fact]
    public void Agent_references_list_every_dependency_in_the_original_order()
    {
        var helper = Lower()["full/Agent/helper"];

        Assert.Equal(
            ["full/Prompt/system", "full/Skill/run", "full/Skill/fetch", "full/MCPClient/desk", "full/Agent/backup", "full/Agent/backup"],
            helper.References);
        Assert.Equal(["full/Secret/api-key", "full/Skill/remote"], Lower()["full/MCPServer/tools"].References);
    }

    [Fact]
    public void The_whole_package_can_be_written_on_one_line()
    {
        var oneLine = string.Join(' ', Everything.Split('\n').Select(line => line.Trim()));

        var result = IntentLangCompiler.Compile("one-line.ias", oneLine);

        Assert.False(result.HasErrors, string.Join("\n", result.Diagnostics));
        Assert.Equal(
            Lower().Values.Select(r => (r.Fqn, r.Hash)),
            result.Package!.Resources.Select(r => (r.Fqn, r.Hash)));
    }
}
