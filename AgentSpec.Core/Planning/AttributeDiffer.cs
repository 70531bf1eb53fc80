using System.Text.Json.Nodes;
using AgentSpec.Core.Resources;

namespace AgentSpec.Core.Planning;

/// <summary>Compares recorded attributes with desired ones, key by key, descending into nested objects.</summary>
public static class AttributeDiffer
{
    public static IReadOnlyList<AttributeDiff> Compute(JsonObject? before, JsonObject? after)
    {
        var diffs = new List<AttributeDiff>();
        Compare(string.Empty, before ?? [], after ?? [], diffs);
        return diffs;
    }

    private static void Compare(string prefix, JsonObject before, JsonObject after, List<AttributeDiff> diffs)
    {
        var keys = before.Select(pair => pair.Key).Union(after.Select(pair => pair.Key), StringComparer.Ordinal)
            .Order(CanonicalJson.KeyOrder);
        foreach (var key in keys)
        {
            var path = prefix.Length == 0 ? key : $"{prefix}.{key}";
            var had = before.TryGetPropertyValue(key, out var old);
            var has = after.TryGetPropertyValue(key, out var current);
            if (!had)
            {
                diffs.Add(new AttributeDiff(path, AttributeDiffKind.Added, null, current?.DeepClone()));
            }
            else if (!has)
            {
                diffs.Add(new AttributeDiff(path, AttributeDiffKind.Removed, old?.DeepClone(), null));
            }
            else if (old is JsonObject oldObject && current is JsonObject currentObject)
            {
                Compare(path, oldObject, currentObject, diffs);
            }
            else if (!string.Equals(CanonicalJson.Serialize(old), CanonicalJson.Serialize(current), StringComparison.Ordinal))
            {
                diffs.Add(new AttributeDiff(path, AttributeDiffKind.Changed, old?.DeepClone(), current?.DeepClone()));
            }
        }
    }
}
