namespace AgentSpec.Core.IntentLang.Syntax;

/// <summary><c>server "name" { transport … command … exposes skill "x" }</c>: an MCP server.</summary>
internal sealed class ServerDeclaration(SourceLocation location, Located<string> name)
    : Declaration("server", location, name)
{
    public Located<string>? Transport { get; set; }

    public Located<string>? Command { get; set; }

    public List<Located<string>>? Args { get; set; }

    public Located<string>? Url { get; set; }

    public List<KeyValueEntry>? Env { get; set; }

    public Located<string>? Auth { get; set; }

    public List<Located<string>> Exposes { get; } = [];
}
