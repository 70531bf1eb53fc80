namespace AgentSpec.Core.IntentLang.Syntax;

/// <summary><c>environment "dev" { agent "x" { model "…" } }</c>: attribute overrides per resource.</summary>
internal sealed class EnvironmentDeclaration(SourceLocation location, Located<string> name)
    : Declaration("environment", location, name)
{
    public List<OverrideDeclaration> Overrides { get; } = [];
}
