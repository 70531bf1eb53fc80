using System.Text.Json.Nodes;

namespace AgentSpec.Runtime.Tools;

/// <summary>One call of a skill's tool: the lowered <c>tool</c> attributes and the model's input for it.</summary>
/// <param name="Tool">The skill's <c>tool</c> attributes as IntentLang lowers them (docs/intentlang.md, "skill").</param>
/// <param name="Secrets">Where the runner reads secret values; it remembers them so results can be scrubbed.</param>
/// <param name="McpServer">For an <c>mcp</c> tool, the server's lowered attributes and name.</param>
internal sealed record ToolInvocation(string Agent, string Skill, JsonObject Tool, JsonObject Input, RevealedSecrets Secrets, JsonObject? McpServer = null);
