using System.Text.Json.Nodes;

namespace AgentSpec.Core.Apply;

/// <summary>A skill an agent uses: its name, description and every lowered attribute (input, output, tool, …).</summary>
public sealed record AgentSkillDefinition
{
    private readonly JsonObject _attributes = [];

    public required string Name { get; init; }

    public string? Description { get; init; }

    /// <summary>
    /// For a <c>tool mcp "server/tool"</c>: the lowered attributes of that MCP server (transport, command, args,
    /// url, env, auth) plus its <c>name</c>, so the runtime can connect without the rest of the package.
    /// Null for other tools, and then left out of the JSON (and the hash).
    /// </summary>
    public JsonObject? McpServer { get; init; }

    // Source-generated deserialization passes null for members the JSON leaves out; absent means none.
    public JsonObject Attributes
    {
        get => _attributes;
        init => _attributes = value ?? [];
    }
}
