namespace AgentSpec.Core.IntentLang.Syntax;

/// <summary><c>secret "name" { env(VAR) }</c> or <c>secret "name" { store(path) }</c>.</summary>
internal sealed class SecretDeclaration(SourceLocation location, Located<string> name)
    : Declaration("secret", location, name)
{
    public const string EnvSource = "env";
    public const string StoreSource = "store";

    /// <summary><c>env</c> or <c>store</c>, located at that keyword.</summary>
    public Located<string>? Source { get; set; }

    public Located<string>? Key { get; set; }
}
