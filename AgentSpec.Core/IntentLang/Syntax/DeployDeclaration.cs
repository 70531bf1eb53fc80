using System.Text.Json.Nodes;

namespace AgentSpec.Core.IntentLang.Syntax;

/// <summary>
/// <c>deploy "name" target "kind" { … }</c>. Its body is free-form settings (scalars, lists, nested blocks)
/// for the deploy adapter; only <c>default</c> is read here.
/// </summary>
internal sealed class DeployDeclaration(SourceLocation location, Located<string> name)
    : Declaration("deploy", location, name)
{
    public Located<string>? Target { get; set; }

    public Located<bool>? Default { get; set; }

    public JsonObject Settings { get; } = [];
}
