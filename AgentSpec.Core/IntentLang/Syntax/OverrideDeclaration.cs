using System.Text.Json.Nodes;

namespace AgentSpec.Core.IntentLang.Syntax;

/// <summary>One overridden attribute: <c>model "…"</c> inside <c>agent "x" { … }</c> of an environment.</summary>
internal sealed record OverrideDeclaration(
    Located<string> TargetKind,
    Located<string> TargetName,
    Located<string> Attribute,
    Located<JsonValue> Value);
