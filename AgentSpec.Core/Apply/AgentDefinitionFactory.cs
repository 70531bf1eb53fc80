using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using AgentSpec.Core.Resources;

namespace AgentSpec.Core.Apply;

/// <summary>Builds <see cref="AgentDefinition"/>s from a lowered package: the agent plus the prompt and skills it uses, hashed.</summary>
public static class AgentDefinitionFactory
{
    /// <summary>The definitions of every agent of the package, in FQN order.</summary>
    public static IReadOnlyList<AgentDefinition> CreateAll(LoweredPackage package)
    {
        ArgumentNullException.ThrowIfNull(package);
        return package.Resources
            .Where(r => r.Kind == ResourceKinds.Agent)
            .Select(r => Create(package, r))
            .ToList();
    }

    /// <summary>The definition of the package's agent called <paramref name="agentName"/>.</summary>
    public static AgentDefinition Create(LoweredPackage package, string agentName)
    {
        ArgumentNullException.ThrowIfNull(package);
        var agent = Find(package, ResourceKinds.Agent, agentName)
            ?? throw new ArgumentException($"Package '{package.Name}' has no agent named '{agentName}'.", nameof(agentName));
        return Create(package, agent);
    }

    /// <summary>
    /// The definition of <paramref name="agent"/>, an Agent resource of <paramref name="package"/>, with its
    /// hash computed. Throws <see cref="ArgumentException"/> when the agent uses a prompt or skill the
    /// package does not define, or an attribute has the wrong type.
    /// </summary>
    public static AgentDefinition Create(LoweredPackage package, Resource agent)
    {
        ArgumentNullException.ThrowIfNull(package);
        ArgumentNullException.ThrowIfNull(agent);
        if (agent.Kind != ResourceKinds.Agent)
        {
            throw new ArgumentException($"{agent.Fqn} is a {agent.Kind}, not an Agent.", nameof(agent));
        }

        var attributes = agent.Attributes;
        var definition = new AgentDefinition
        {
            Name = agent.Name,
            Package = agent.Package,
            Fqn = agent.Fqn,
            Model = StringAttribute(agent, "model"),
            Models = StringListAttribute(agent, "models"),
            Prompt = PromptOf(package, agent),
            Skills = SkillsOf(package, agent),
            Strategy = StringAttribute(agent, "strategy"),
            Temperature = NumberAttribute(agent, "temperature"),
            MaxTurns = IntegerAttribute(agent, attributes, "max_turns"),
            Memory = MemoryOf(agent),
            Attributes = (JsonObject)attributes.DeepClone(),
        };
        return definition.WithComputedHash();
    }

    private static AgentPromptDefinition? PromptOf(LoweredPackage package, Resource agent)
    {
        var promptName = StringAttribute(agent, "prompt");
        if (promptName is null)
        {
            return null;
        }

        var prompt = Find(package, ResourceKinds.Prompt, promptName)
            ?? throw new ArgumentException($"Agent {agent.Fqn} uses prompt '{promptName}', which package '{package.Name}' does not define.");
        var content = StringAttribute(prompt, "content")
            ?? throw new ArgumentException($"Prompt {prompt.Fqn} has no content.");
        return new AgentPromptDefinition(promptName, content);
    }

    private static List<AgentSkillDefinition> SkillsOf(LoweredPackage package, Resource agent)
    {
        var names = StringListAttribute(agent, "skills") ?? [];
        var skills = new List<AgentSkillDefinition>(names.Count);
        foreach (var name in names)
        {
            var skill = Find(package, ResourceKinds.Skill, name)
                ?? throw new ArgumentException($"Agent {agent.Fqn} uses skill '{name}', which package '{package.Name}' does not define.");
            skills.Add(new AgentSkillDefinition
            {
                Name = name,
                Description = StringAttribute(skill, "description"),
                Attributes = (JsonObject)skill.Attributes.DeepClone(),
                McpServer = McpServerOf(package, skill),
            });
        }

        return skills;
    }

    /// <summary>The server a <c>tool mcp "server/tool"</c> names, with its name; null for other tools.</summary>
    private static JsonObject? McpServerOf(LoweredPackage package, Resource skill)
    {
        if (skill.Attributes["tool"] is not JsonObject tool || tool["type"]?.GetValue<string>() != "mcp"
            || tool["server_tool"]?.GetValue<string>() is not { } serverTool)
        {
            return null;
        }

        var serverName = serverTool.Split('/', 2)[0];
        var server = Find(package, ResourceKinds.McpServer, serverName)
            ?? throw new ArgumentException($"Skill {skill.Fqn} uses MCP server '{serverName}', which package '{package.Name}' does not define.");
        var attributes = (JsonObject)server.Attributes.DeepClone();
        attributes["name"] = serverName;
        return attributes;
    }

    private static AgentMemoryDefinition? MemoryOf(Resource agent)
    {
        if (!agent.Attributes.TryGetPropertyValue("memory", out var node) || node is null)
        {
            return null;
        }

        if (node is not JsonObject memory)
        {
            throw new ArgumentException($"Agent {agent.Fqn}: attribute 'memory' must be a block, not {node.GetValueKind()}.");
        }

        return new AgentMemoryDefinition(IntegerAttribute(agent, memory, "max_messages"));
    }

    private static Resource? Find(LoweredPackage package, string kind, string name) =>
        package.Resources.FirstOrDefault(r => r.Kind == kind && r.Name == name);

    private static string? StringAttribute(Resource resource, string key)
    {
        if (!resource.Attributes.TryGetPropertyValue(key, out var node) || node is null)
        {
            return null;
        }

        return node.GetValueKind() == JsonValueKind.String
            ? node.GetValue<string>()
            : throw WrongType(resource, key, "a string", node);
    }

    private static List<string>? StringListAttribute(Resource resource, string key)
    {
        if (!resource.Attributes.TryGetPropertyValue(key, out var node) || node is null)
        {
            return null;
        }

        if (node is not JsonArray array)
        {
            throw WrongType(resource, key, "a list of strings", node);
        }

        var values = new List<string>(array.Count);
        foreach (var item in array)
        {
            if (item is null || item.GetValueKind() != JsonValueKind.String)
            {
                throw WrongType(resource, key, "a list of strings", node);
            }

            values.Add(item.GetValue<string>());
        }

        return values;
    }

    private static double? NumberAttribute(Resource resource, string key)
    {
        if (!resource.Attributes.TryGetPropertyValue(key, out var node) || node is null)
        {
            return null;
        }

        return node.GetValueKind() == JsonValueKind.Number
            ? double.Parse(node.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture)
            : throw WrongType(resource, key, "a number", node);
    }

    private static int? IntegerAttribute(Resource resource, JsonObject attributes, string key)
    {
        if (!attributes.TryGetPropertyValue(key, out var node) || node is null)
        {
            return null;
        }

        return node.GetValueKind() == JsonValueKind.Number
            && int.TryParse(node.ToJsonString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw WrongType(resource, key, "a whole number", node);
    }

    private static ArgumentException WrongType(Resource resource, string key, string expected, JsonNode node) =>
        new($"{resource.Fqn}: attribute '{key}' must be {expected}, not {node.ToJsonString()}.");
}
