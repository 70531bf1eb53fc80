namespace AgentSpec.Core.IntentLang.Syntax;

internal sealed class SkillDeclaration(SourceLocation location, Located<string> name)
    : Declaration("skill", location, name)
{
    public Located<string>? Description { get; set; }

    public List<FieldDeclaration> Inputs { get; } = [];

    public List<FieldDeclaration> Outputs { get; } = [];

    public ToolDeclaration? Tool { get; set; }

    /// <summary>Every <c>tool</c> keyword met, so "more than one tool" can point at the extra ones.</summary>
    public List<SourceLocation> ToolKeywords { get; } = [];

    public ExecutionDeclaration? Execution { get; set; }
}
