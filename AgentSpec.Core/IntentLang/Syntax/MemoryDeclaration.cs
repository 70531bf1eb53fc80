namespace AgentSpec.Core.IntentLang.Syntax;

/// <summary><c>memory { strategy "sliding_window" max_messages 50 }</c> inside an agent.</summary>
internal sealed class MemoryDeclaration(SourceLocation location)
{
    public SourceLocation Location { get; } = location;

    public Dictionary<string, SourceLocation> Attributes { get; } = new(StringComparer.Ordinal);

    public Located<string>? Strategy { get; set; }

    public Located<long>? MaxMessages { get; set; }
}
