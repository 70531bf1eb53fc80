using System.Text.Json.Nodes;

namespace AgentSpec.Core.Planning;

/// <summary>
/// One attribute that differs between the state entry and the configuration. <see cref="Path"/> joins
/// nested object keys with dots (<c>memory.max_messages</c>); lists are compared as a whole value.
/// </summary>
public sealed record AttributeDiff(string Path, AttributeDiffKind Kind, JsonNode? Before, JsonNode? After);
