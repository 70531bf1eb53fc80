namespace AgentSpec.Core.IntentLang.Syntax;

/// <summary>
/// A top-level block such as <c>agent "name" { … }</c>. <see cref="Keyword"/> is the source keyword
/// (<c>agent</c>, <c>server</c>, …); <see cref="Attributes"/> records each single-valued attribute the
/// parser met (even one whose value failed to parse), so a broken line is not also reported as missing.
/// </summary>
internal abstract class Declaration(string keyword, SourceLocation location, Located<string> name)
{
    public string Keyword { get; } = keyword;

    public SourceLocation Location { get; } = location;

    public Located<string> Name { get; } = name;

    public Dictionary<string, SourceLocation> Attributes { get; } = new(StringComparer.Ordinal);

    /// <summary>How the declaration reads in messages: <c>agent "helper"</c>.</summary>
    public string Title => field ??= $"{Keyword} \"{Name.Value}\"";

    public bool Mentions(string attribute) => Attributes.ContainsKey(attribute);
}
