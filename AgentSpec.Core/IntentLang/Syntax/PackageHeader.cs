namespace AgentSpec.Core.IntentLang.Syntax;

/// <summary><c>package "name" version "x.y.z" lang "2.0"</c>.</summary>
internal sealed class PackageHeader(SourceLocation location)
{
    public SourceLocation Location { get; } = location;

    public Located<string>? Name { get; set; }

    public Located<string>? Version { get; set; }

    public Located<string>? Lang { get; set; }

    public SourceLocation? LangKeyword { get; set; }

    public HashSet<string> Attributes { get; } = new(StringComparer.Ordinal);
}
