using System.Text.Json;
using System.Text.Json.Nodes;
using AgentSpec.Core.Resources;

namespace AgentSpec.Core.Apply;

/// <summary>
/// The body of <c>PUT /v1/agents/{name}</c>: one lowered agent together with the content of everything
/// it uses (its prompt and skills), so that the runtime needs nothing else to serve it.
/// <see cref="Hash"/> covers all of it, which is why a changed prompt changes the definition hash
/// although the agent resource's own hash (which only names the prompt) stays the same.
/// Build one with <see cref="AgentDefinitionFactory"/>; the wire form is snake_case JSON
/// (<see cref="AgentDefinitionJsonContext"/>).
/// </summary>
public sealed record AgentDefinition
{
    private readonly IReadOnlyList<AgentSkillDefinition> _skills = [];
    private readonly JsonObject _attributes = [];

    public required string Name { get; init; }

    public required string Package { get; init; }

    /// <summary><c>&lt;package&gt;/Agent/&lt;name&gt;</c>.</summary>
    public required string Fqn { get; init; }

    /// <summary><c>sha256:</c> hash of the canonical JSON of this definition without the hash itself.</summary>
    public string? Hash { get; init; }

    public string? Model { get; init; }

    /// <summary>Further models the agent may fall back to, in order, when the agent declares them.</summary>
    public IReadOnlyList<string>? Models { get; init; }

    public AgentPromptDefinition? Prompt { get; init; }

    // Source-generated deserialization passes null for members the JSON leaves out; absent means none.
    public IReadOnlyList<AgentSkillDefinition> Skills
    {
        get => _skills;
        init => _skills = value ?? [];
    }

    public string? Strategy { get; init; }

    public double? Temperature { get; init; }

    public int? MaxTurns { get; init; }

    public AgentMemoryDefinition? Memory { get; init; }

    /// <summary>Every attribute of the agent resource as lowered, including those named above.</summary>
    public JsonObject Attributes
    {
        get => _attributes;
        init => _attributes = value ?? [];
    }

    /// <summary>The hash of this definition's content; <see cref="Hash"/> itself is not part of it.</summary>
    public string ComputeHash()
    {
        var node = JsonSerializer.SerializeToNode(this with { Hash = null }, AgentDefinitionJsonContext.Default.AgentDefinition);
        return CanonicalJson.Hash(node);
    }

    /// <summary>A copy whose <see cref="Hash"/> is <see cref="ComputeHash"/>.</summary>
    public AgentDefinition WithComputedHash() => this with { Hash = ComputeHash() };
}
