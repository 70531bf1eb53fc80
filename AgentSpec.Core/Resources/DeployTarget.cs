using System.Text.Json.Nodes;

namespace AgentSpec.Core.Resources;

/// <summary>
/// A <c>deploy "name" target "kind" { … }</c> block: where resources go, not a resource itself.
/// <see cref="Settings"/> holds the block's attributes (port, url, health, …) as written.
/// </summary>
public sealed record DeployTarget(string Name, string Target, bool IsDefault, JsonObject Settings);
