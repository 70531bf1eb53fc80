using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace AgentSpec.Core.State;

/// <summary>One resource recorded in state. Unknown fields are kept in <see cref="Extra"/> and written back.</summary>
public sealed class StateEntry
{
    [JsonPropertyName("fqn")]
    public required string Fqn { get; init; }

    [JsonPropertyName("hash")]
    public string Hash { get; set; } = string.Empty;

    [JsonPropertyName("status")]
    public string Status { get; set; } = StateEntryStatus.Applied;

    [JsonPropertyName("last_applied")]
    public DateTimeOffset? LastApplied { get; set; }

    [JsonPropertyName("adapter")]
    public string? Adapter { get; set; }

    [JsonPropertyName("error")]
    public string? Error { get; set; }

    /// <summary>
    /// The lowered attributes this entry was last applied with, secrets masked (see <see cref="Resources.RecordedAttributes"/>);
    /// null for entries written before attributes were recorded (docs/state.md, 'Format "2"').
    /// </summary>
    [JsonPropertyName("attributes")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public JsonObject? Attributes { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }

    public StateEntry Clone() => new()
    {
        Fqn = Fqn,
        Hash = Hash,
        Status = Status,
        LastApplied = LastApplied,
        Adapter = Adapter,
        Error = Error,
        Attributes = (JsonObject?)Attributes?.DeepClone(),
        Extra = Extra is null ? null : new Dictionary<string, JsonElement>(Extra, StringComparer.Ordinal),
    };
}
