namespace AgentSpec.Core.IntentLang.Syntax;

internal sealed class PromptDeclaration(SourceLocation location, Located<string> name)
    : Declaration("prompt", location, name)
{
    public Located<string>? Content { get; set; }

    public Located<string>? Version { get; set; }

    public List<FieldDeclaration> Variables { get; } = [];
}
