namespace AgentSpec.Core.IntentLang.Syntax;

internal sealed class AgentDeclaration(SourceLocation location, Located<string> name)
    : Declaration("agent", location, name)
{
    public Located<string>? Prompt { get; set; }

    public List<Located<string>> Skills { get; } = [];

    public Located<string>? Model { get; set; }

    public Located<List<Located<string>>>? Models { get; set; }

    public Located<string>? Strategy { get; set; }

    public Located<long>? MaxTurns { get; set; }

    public Located<string>? Timeout { get; set; }

    public Located<long>? TokenBudget { get; set; }

    public Located<double>? Temperature { get; set; }

    public Located<bool>? Stream { get; set; }

    public Located<string>? OnError { get; set; }

    public Located<long>? MaxRetries { get; set; }

    public Located<string>? Fallback { get; set; }

    public MemoryDeclaration? Memory { get; set; }

    public List<DelegateDeclaration> Delegates { get; } = [];

    public Located<string>? Client { get; set; }
}
