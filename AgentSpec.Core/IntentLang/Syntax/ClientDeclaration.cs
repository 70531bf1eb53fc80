namespace AgentSpec.Core.IntentLang.Syntax;

/// <summary><c>client "name" { connects to server "s" }</c>: an MCP client.</summary>
internal sealed class ClientDeclaration(SourceLocation location, Located<string> name)
    : Declaration("client", location, name)
{
    public List<Located<string>> Servers { get; } = [];
}
