namespace AgentSpec.Core.IntentLang.Syntax;

/// <summary>
/// One lexical token. <see cref="Text"/> is the decoded value for strings and the source text otherwise;
/// <see cref="Line"/> and <see cref="Column"/> are where the token starts (1-based).
/// </summary>
internal readonly record struct Token(TokenKind Kind, string Text, int Line, int Column)
{
    public bool IsIdentifier(string text) => Kind == TokenKind.Identifier && string.Equals(Text, text, StringComparison.Ordinal);

    /// <summary>How the token reads in a message: <c>string "abc"</c>, <c>number 5</c>, <c>'{'</c>, <c>end of file</c>.</summary>
    public string Describe() => Kind switch
    {
        TokenKind.EndOfFile => "end of file",
        TokenKind.String => $"string \"{Shorten(Text)}\"",
        TokenKind.Number => $"number {Text}",
        TokenKind.Identifier => $"'{Text}'",
        _ => $"'{Text}'",
    };

    /// <summary>The text's first line, cut to 40 characters with an ellipsis when it is longer.</summary>
    public static string Shorten(string text)
    {
        const int limit = 40;
        var firstLine = text.AsSpan();
        var newline = firstLine.IndexOfAny('\r', '\n');
        if (newline >= 0)
        {
            firstLine = firstLine[..newline];
        }

        return firstLine.Length > limit || newline >= 0
            ? string.Concat(firstLine[..Math.Min(limit, firstLine.Length)], "…")
            : text;
    }
}
