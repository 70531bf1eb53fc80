namespace AgentSpec.Core.IntentLang.Syntax;

/// <summary>One <c>KEY "value"</c> line of a map block such as <c>env { … }</c> or <c>headers { … }</c>.</summary>
internal sealed record KeyValueEntry(Located<string> Key, Located<string> Value);
