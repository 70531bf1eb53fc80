using System.Text.Json.Nodes;
using AgentSpec.Core.Resources;
using AgentSpec.Core.State;

namespace AgentSpec.Core.Planning;

/// <summary>
/// What apply would do to one resource and why. <see cref="Desired"/> is null for deletes;
/// <see cref="Current"/> is null for creates.
/// </summary>
public sealed record PlanAction(string Fqn, PlanActionKind Kind, string Reason, Resource? Desired, StateEntry? Current)
{
    /// <summary>The attributes state recorded at the last successful apply; null when none were recorded.</summary>
    public JsonObject? Before => Current?.Attributes;

    /// <summary>The attributes apply would record, secrets masked as in state; null for deletes.</summary>
    public JsonObject? After => Desired is null ? null : RecordedAttributes.Of(Desired);

    /// <summary>False for an entry written before attributes were recorded: its changes cannot be shown.</summary>
    public bool HasRecordedAttributes => Current?.Attributes is not null;

    /// <summary>An update planned because the content changed (an applied entry whose hash differs), not a retry of a failed or interrupted apply.</summary>
    public bool ContentChanged => Current is { Status: StateEntryStatus.Applied } && Desired is not null
        && !string.Equals(Current.Hash, Desired.Hash, StringComparison.Ordinal);

    /// <summary>Per-attribute changes of an update; empty when the entry recorded no attributes.</summary>
    public IReadOnlyList<AttributeDiff> AttributeChanges =>
        Kind == PlanActionKind.Update && HasRecordedAttributes ? AttributeDiffer.Compute(Before, After) : [];
}
