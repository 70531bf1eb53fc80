namespace AgentSpec.Core.IntentLang.Syntax;

/// <summary>One parsed <c>.ias</c> file: its header (null when missing) and its declarations in source order.</summary>
internal sealed class SyntaxFile(string path, PackageHeader? header, IReadOnlyList<Declaration> declarations)
{
    public string Path { get; } = path;

    public PackageHeader? Header { get; } = header;

    public IReadOnlyList<Declaration> Declarations { get; } = declarations;
}
