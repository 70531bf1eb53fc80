using System.Text.Json.Nodes;

namespace AgentSpec.Core.Resources;

/// <summary>
/// The attributes recorded for a resource outside its package, in a state entry (docs/state.md, 'Format "2"'). State files are
/// shared and committed to disk in clear, so a Secret keeps only its reference (<c>source</c> and
/// <c>key</c>: an environment variable name or a store path); anything else a Secret might carry is
/// written as <see cref="Sensitive"/> and never as its value.
/// </summary>
public static class RecordedAttributes
{
    public const string Sensitive = "(sensitive)";

    private static readonly HashSet<string> SecretReferenceFields = new(StringComparer.Ordinal) { "source", "key" };

    public static JsonObject Of(Resource resource)
    {
        ArgumentNullException.ThrowIfNull(resource);
        var recorded = (JsonObject)resource.Attributes.DeepClone();
        if (string.Equals(resource.Kind, ResourceKinds.Secret, StringComparison.Ordinal))
        {
            foreach (var name in recorded.Select(pair => pair.Key).ToList())
            {
                if (!SecretReferenceFields.Contains(name))
                {
                    recorded[name] = Sensitive;
                }
            }
        }

        return recorded;
    }
}
