using System.Text.Json.Serialization;
using AgentSpec.Core.Apply;
using Microsoft.Extensions.AI;

namespace AgentSpec.Runtime.Agents;

/// <summary>
/// An agent as the registry keeps it: its definition and when it was first deployed and last changed.
/// Also carries what every chat turn derives from the definition, computed once.
/// </summary>
public sealed class DeployedAgent
{
    private ChatMessage? _systemMessage;

    public DeployedAgent(AgentDefinition definition, DateTimeOffset deployedAt, DateTimeOffset updatedAt)
    {
        ArgumentNullException.ThrowIfNull(definition);
        Definition = definition;
        DeployedAt = deployedAt;
        UpdatedAt = updatedAt;
    }

    public AgentDefinition Definition { get; }

    public DateTimeOffset DeployedAt { get; }

    public DateTimeOffset UpdatedAt { get; }

    [JsonIgnore]
    public string Name => Definition.Name;

    [JsonIgnore]
    public string Hash => Definition.Hash ?? string.Empty;

    /// <summary>How many of the newest messages the model sees: <c>memory { max_messages }</c>, else 50.</summary>
    [JsonIgnore]
    public int HistoryWindow => Definition.Memory?.MaxMessages ?? AgentMemoryDefinition.DefaultWindow;

    /// <summary>The history length a turn trims to, or null to keep everything.</summary>
    [JsonIgnore]
    public int? MaxMessages => Definition.Memory?.MaxMessages;

    /// <summary>The agent's prompt as the model's system message (shared by all turns; never mutated).</summary>
    [JsonIgnore]
    public ChatMessage? SystemMessage =>
        Definition.Prompt is { } prompt
            ? _systemMessage ??= new ChatMessage(ChatRole.System, prompt.Content)
            : null;
}
