using System.Text.Json.Nodes;
using AgentSpec.Runtime.Tests.Hosting;

namespace AgentSpec.Runtime.Tests.Tools;

/// <summary>Tool declarations as IntentLang lowers them, and messages that make the offline model call a skill.</summary>
public static class ToolAgents
{
    public static JsonObject Http(string url, string? method = null, JsonObject? headers = null, string? bodyTemplate = null, string? timeout = null)
    {
        var tool = new JsonObject { ["type"] = "http", ["url"] = url };
        Set(tool, "method", method);
        if (headers is not null)
        {
            tool["headers"] = headers;
        }

        Set(tool, "body_template", bodyTemplate);
        Set(tool, "timeout", timeout);
        return tool;
    }

    public static JsonObject Command(string binary, string[]? args = null, JsonObject? env = null, JsonObject? secrets = null, string? timeout = null)
    {
        var tool = new JsonObject { ["type"] = "command", ["binary"] = binary };
        if (args is not null)
        {
            tool["args"] = new JsonArray(args.Select(a => (JsonNode?)a).ToArray());
        }

        if (env is not null)
        {
            tool["env"] = env;
        }

        if (secrets is not null)
        {
            tool["secrets"] = secrets;
        }

        Set(tool, "timeout", timeout);
        return tool;
    }

    public static JsonObject Inline(string code, string? memory = null, string? timeout = null, string language = "python")
    {
        var tool = new JsonObject { ["type"] = "inline", ["language"] = language, ["code"] = code };
        Set(tool, "memory_limit", memory);
        Set(tool, "timeout", timeout);
        return tool;
    }

    /// <summary>Deploys an agent whose skills are <paramref name="tools"/> (each with the required string input <c>q</c>) and opens a session.</summary>
    public static async Task<string> DeployAsync(HttpClient client, string agent, int? maxTurns, params (string Skill, JsonObject Tool)[] tools)
    {
        var definition = TestAgents.WithSkills(TestAgents.Create(agent), maxTurns, tools.Select(t => (t.Skill, TestAgents.Skill(t.Tool, "q"))).ToArray());
        await Api.DeployAsync(client, definition);
        return await Api.CreateSessionAsync(client, agent);
    }

    /// <summary>What makes the offline model call <paramref name="skill"/> with input <c>{"q": q}</c>.</summary>
    public static string Use(string skill, string q) => $"use skill \"{skill}\" {new JsonObject { ["q"] = q }.ToJsonString()}";

    /// <summary>The tool result quoted in the offline model's reply.</summary>
    public static async Task<string> CallAsync(HttpClient client, string agent, string session, string skill, string q = "x")
    {
        var reply = await Api.SendAsync(client, agent, session, Use(skill, q));
        var output = (string)reply["output"]!;
        var marker = $"; tool {skill} returned: ";
        var at = output.IndexOf(marker, StringComparison.Ordinal);
        Assert.True(at >= 0, $"The offline model did not call {skill}: {output}");
        Assert.Equal(2, (int)reply["turns"]!);
        return output[(at + marker.Length)..];
    }

    private static void Set(JsonObject tool, string name, string? value)
    {
        if (value is not null)
        {
            tool[name] = value;
        }
    }
}
