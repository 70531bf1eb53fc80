using System.Text.Json.Nodes;

namespace AgentSpec.Core.Apply;

/// <summary>A skill an agent uses: its name, description and every lowered attribute (input, output, tool, …).</summary>
public sealed record AgentSkillDefinition
{
    public required string Name { get; init; }

    public string? Description { get; init; }

    public JsonObject Attributes { get; init; } = [];
}
