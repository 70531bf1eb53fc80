namespace AgentSpec.Core.IntentLang.Syntax;

/// <summary>A 1-based line and column in one source file.</summary>
internal readonly record struct SourceLocation(string File, int Line, int Column)
{
    public override string ToString() => $"{File}:{Line}:{Column}";
}
