using System.Text.Json.Nodes;

namespace AgentSpec.Core.Apply;

/// <summary>A skill an agent uses: its name, description and every lowered attribute (input, output, tool, …).</summary>
public sealed record AgentSkillDefinition
{
    private readonly JsonObject _attributes = [];

    public required string Name { get; init; }

    public string? Description { get; init; }

    // Source-generated deserialization passes null for members the JSON leaves out; absent means none.
    public JsonObject Attributes
    {
        get => _attributes;
        init => _attributes = value ?? [];
    }
}
