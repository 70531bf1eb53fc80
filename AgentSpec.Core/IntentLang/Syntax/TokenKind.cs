namespace AgentSpec.Core.IntentLang.Syntax;

internal enum TokenKind
{
    EndOfFile,
    Identifier,
    String,
    Number,
    LeftBrace,
    RightBrace,
    LeftBracket,
    RightBracket,
    LeftParen,
    RightParen,
    Comma,

    /// <summary>
    /// Operators that only IntentLang 3.0 expressions use (<c>. : = == != &lt; &lt;= &gt; &gt;=</c>). They are
    /// tokens rather than lexer errors so that an unsupported 3.0 block is reported once, as unsupported.
    /// </summary>
    Symbol,
}
