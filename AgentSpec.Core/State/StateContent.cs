using System.Text.Json;

namespace AgentSpec.Core.State;

/// <summary>
/// Whether two documents have the same content (entries and unknown fields; serial and checksum aside).
/// Compared field by field, so the no-op check of a checkpoint costs no serialization.
/// </summary>
internal static class StateContent
{
    public static bool Same(StateDocument a, StateDocument b) =>
        a.Version == b.Version
        && a.Lineage == b.Lineage
        && SameExtra(a.Extra, b.Extra, skip: "checksum")
        && a.Entries.Count == b.Entries.Count
        && a.Entries.Zip(b.Entries).All(pair => Same(pair.First, pair.Second));

    private static bool Same(StateEntry a, StateEntry b) =>
        a.Fqn == b.Fqn
        && a.Hash == b.Hash
        && a.Status == b.Status
        && a.Adapter == b.Adapter
        && a.Error == b.Error
        && Nullable.Equals(a.LastApplied, b.LastApplied)
        && a.LastApplied?.Offset == b.LastApplied?.Offset
        && SameExtra(a.Extra, b.Extra, skip: null);

    private static bool SameExtra(Dictionary<string, JsonElement>? a, Dictionary<string, JsonElement>? b, string? skip)
    {
        var left = (a ?? []).Where(pair => pair.Key != skip).ToList();
        var right = (b ?? []).Where(pair => pair.Key != skip).ToDictionary(pair => pair.Key, pair => pair.Value, StringComparer.Ordinal);
        return left.Count == right.Count
            && left.All(pair => right.TryGetValue(pair.Key, out var other) && JsonElement.DeepEquals(pair.Value, other));
    }
}
