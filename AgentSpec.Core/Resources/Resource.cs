using System.Text.Json.Nodes;

namespace AgentSpec.Core.Resources;

/// <summary>
/// One deployable unit lowered from IntentLang. <see cref="Hash"/> is the content hash of
/// <see cref="Attributes"/> (sha256 over canonical JSON), byte-compatible with the original tool.
/// </summary>
public sealed record Resource(
    string Package,
    string Kind,
    string Name,
    JsonObject Attributes,
    string Hash,
    IReadOnlyList<string> References)
{
    public string Fqn => ResourceName.Fqn(Package, Kind, Name);
}
