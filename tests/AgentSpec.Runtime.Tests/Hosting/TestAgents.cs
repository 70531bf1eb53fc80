using System.Text.Json.Nodes;
using AgentSpec.Core.Apply;

namespace AgentSpec.Runtime.Tests.Hosting;

/// <summary>Agent definitions for tests, hashed like the CLI hashes them.</summary>
public static class TestAgents
{
    public static AgentDefinition Create(string name, string prompt = "You are a helpful assistant.", int? maxMessages = null, string package = "test-pkg")
    {
        var attributes = new JsonObject { ["model"] = "claude-sonnet-4-20250514", ["prompt"] = "system" };
        if (maxMessages is not null)
        {
            attributes["memory"] = new JsonObject { ["max_messages"] = maxMessages };
        }

        return new AgentDefinition
        {
            Name = name,
            Package = package,
            Fqn = $"{package}/Agent/{name}",
            Model = "claude-sonnet-4-20250514",
            Prompt = new AgentPromptDefinition("system", prompt),
            Memory = maxMessages is null ? null : new AgentMemoryDefinition(maxMessages),
            Attributes = attributes,
        }.WithComputedHash();
    }

    /// <summary><paramref name="definition"/> using <paramref name="skills"/> (each a skill's lowered attributes by name).</summary>
    public static AgentDefinition WithSkills(AgentDefinition definition, int? maxTurns, params (string Name, JsonObject Attributes)[] skills)
    {
        var attributes = (JsonObject)definition.Attributes.DeepClone();
        attributes["skills"] = new JsonArray(skills.Select(s => (JsonNode?)s.Name).ToArray());
        if (maxTurns is not null)
        {
            attributes["max_turns"] = maxTurns;
        }

        return (definition with
        {
            Skills = skills.Select(s => new AgentSkillDefinition { Name = s.Name, Description = (string?)s.Attributes["description"], Attributes = s.Attributes }).ToList(),
            MaxTurns = maxTurns,
            Attributes = attributes,
        }).WithComputedHash();
    }

    /// <summary>A skill's lowered attributes: a description, required string inputs and the given tool.</summary>
    public static JsonObject Skill(JsonObject tool, params string[] requiredInputs) => new()
    {
        ["description"] = "A test skill",
        ["tool"] = tool,
        ["input"] = new JsonArray(requiredInputs.Select(name => (JsonNode?)new JsonObject { ["name"] = name, ["type"] = "string", ["required"] = true }).ToArray()),
    };
}
