using System.Globalization;
using System.Text;

namespace AgentSpec.Core.IntentLang.Syntax;

/// <summary>
/// Turns IntentLang text into tokens in one pass. Whitespace and newlines are not tokens: the grammar
/// never needs them, which keeps every layout of the same declarations equivalent. Comments run from
/// <c>#</c> or <c>//</c> to the end of the line. Problems are reported with their position and the lexer
/// keeps going, so one stray character does not hide the errors after it.
/// </summary>
internal sealed class Lexer
{
    private readonly string _text;
    private readonly string _file;
    private readonly DiagnosticBag _diagnostics;
    private readonly List<Token> _tokens;
    private readonly StringBuilder _buffer = new();
    private int _position;
    private int _line = 1;
    private int _column = 1;

    /// <summary>Keywords and common words, shared instead of allocated once per occurrence.</summary>
    private static readonly Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> Words = CreateWords();

    private Lexer(string file, string text, DiagnosticBag diagnostics)
    {
        _file = file;
        _text = text;
        _diagnostics = diagnostics;
        _tokens = new List<Token>(Math.Max(16, text.Length / 6));
        if (text.Length > 0 && text[0] == '\uFEFF')
        {
            _position = 1;
        }
    }

    /// <summary>True when a string ran to the end of the file; the parser then stays quiet about the missing rest.</summary>
    public bool EndedInsideString { get; private set; }

    public static (List<Token> Tokens, bool EndedInsideString) Tokenize(string file, string text, DiagnosticBag diagnostics)
    {
        ForbiddenSourceCharacters.Report(file, text, diagnostics);
        var lexer = new Lexer(file, text, diagnostics);
        lexer.Run();
        return (lexer._tokens, lexer.EndedInsideString);
    }

    private bool AtEnd => _position >= _text.Length;

    private char Current => _position < _text.Length ? _text[_position] : '\0';

    private char PeekAt(int offset) => _position + offset < _text.Length ? _text[_position + offset] : '\0';

    private void Run()
    {
        while (true)
        {
            SkipTrivia();
            if (AtEnd)
            {
                _tokens.Add(new Token(TokenKind.EndOfFile, string.Empty, _line, _column));
                return;
            }

            var line = _line;
            var column = _column;
            var c = Current;
            switch (c)
            {
                case '{':
                    Single(TokenKind.LeftBrace, "{", line, column);
                    break;
                case '}':
                    Single(TokenKind.RightBrace, "}", line, column);
                    break;
                case '[':
                    Single(TokenKind.LeftBracket, "[", line, column);
                    break;
                case ']':
                    Single(TokenKind.RightBracket, "]", line, column);
                    break;
                case '(':
                    Single(TokenKind.LeftParen, "(", line, column);
                    break;
                case ')':
                    Single(TokenKind.RightParen, ")", line, column);
                    break;
                case ',':
                    Single(TokenKind.Comma, ",", line, column);
                    break;
                case '"':
                    ReadString(line, column);
                    break;
                case '\'':
                    ReadSingleQuoted(line, column);
                    break;
                case '.' or ':':
                    Single(TokenKind.Symbol, c == '.' ? "." : ":", line, column);
                    break;
                case '=' or '<' or '>':
                    ReadOperator(c, line, column);
                    break;
                case '!' when PeekAt(1) == '=':
                    Advance();
                    Advance();
                    _tokens.Add(new Token(TokenKind.Symbol, "!=", line, column));
                    break;
                default:
                    if (IsDigit(c) || (c == '-' && IsDigit(PeekAt(1))))
                    {
                        ReadNumber(line, column);
                    }
                    else if (IsIdentifierStart(c))
                    {
                        ReadIdentifier(line, column);
                    }
                    else
                    {
                        ReportUnexpectedCharacter(line, column);
                    }

                    break;
            }
        }
    }

    private void Advance()
    {
        var c = _text[_position++];
        if (c == '\n')
        {
            _line++;
            _column = 1;
        }
        else if (!char.IsLowSurrogate(c) || _position < 2 || !char.IsHighSurrogate(_text[_position - 2]))
        {
            // A surrogate pair is one code point and so one column.
            _column++;
        }
    }

    private void Single(TokenKind kind, string text, int line, int column)
    {
        Advance();
        _tokens.Add(new Token(kind, text, line, column));
    }

    private void SkipTrivia()
    {
        while (!AtEnd)
        {
            var c = Current;
            if (c is ' ' or '\t' or '\r' or '\n' or '\f' or '\v' or '\uFEFF')
            {
                Advance();
            }
            else if (c == '#' || (c == '/' && PeekAt(1) == '/'))
            {
                while (!AtEnd && Current != '\n')
                {
                    Advance();
                }
            }
            else
            {
                return;
            }
        }
    }

    private void ReadOperator(char first, int line, int column)
    {
        Advance();
        if (Current == '=')
        {
            Advance();
            _tokens.Add(new Token(TokenKind.Symbol, first + "=", line, column));
            return;
        }

        _tokens.Add(new Token(TokenKind.Symbol, first.ToString(), line, column));
    }

    private void ReadIdentifier(int line, int column)
    {
        var start = _position;
        while (!AtEnd && IsIdentifierPart(Current))
        {
            Advance();
        }

        var span = _text.AsSpan(start, _position - start);
        var text = Words.TryGetValue(span, out var known) ? known : span.ToString();
        var blank = span.IndexOfAny(InvisibleCharacters.BlankLetters);
        if (blank >= 0)
        {
            // Words hold no surrogates, so the blank letter's column is its offset in the word.
            _diagnostics.Error(
                new SourceLocation(_file, line, column + blank),
                $"the word \"{InvisibleCharacters.Visible(text)}\" contains the invisible character {InvisibleCharacters.Describe(span[blank])}",
                InvisibleCharacters.NameHint);
        }

        _tokens.Add(new Token(TokenKind.Identifier, text, line, column));
    }

    private void ReadNumber(int line, int column)
    {
        var start = _position;
        if (Current == '-')
        {
            Advance();
        }

        SkipDigits();
        if (Current == '.' && IsDigit(PeekAt(1)))
        {
            Advance();
            SkipDigits();
        }

        if (Current is 'e' or 'E' && (IsDigit(PeekAt(1)) || (PeekAt(1) is '+' or '-' && IsDigit(PeekAt(2)))))
        {
            Advance();
            if (Current is '+' or '-')
            {
                Advance();
            }

            SkipDigits();
        }

        if (!AtEnd && (IsIdentifierPart(Current) || Current == '.'))
        {
            // "30s", "1.2.3", "10x": one malformed token, not a number followed by a stray word.
            while (!AtEnd && (IsIdentifierPart(Current) || Current == '.'))
            {
                Advance();
            }

            var written = _text[start.._position];
            var hint = char.IsLetter(written[^1])
                ? $"durations, versions and other text are strings: write \"{written}\""
                : "numbers look like 42, -7, 0.5 or 1e6";
            _diagnostics.Error(new SourceLocation(_file, line, column), $"malformed number '{written}'", hint);
            _tokens.Add(new Token(TokenKind.String, written, line, column));
            return;
        }

        _tokens.Add(new Token(TokenKind.Number, _text[start.._position], line, column));
    }

    private void SkipDigits()
    {
        while (!AtEnd && IsDigit(Current))
        {
            Advance();
        }
    }

    private void ReadString(int line, int column)
    {
        Advance(); // opening quote
        var segmentStart = _position;
        while (!AtEnd && Current is not ('"' or '\\' or '\n'))
        {
            Advance();
        }

        if (!AtEnd && Current == '"')
        {
            // The common case: one line, no escapes, one substring.
            var plain = _text[segmentStart.._position];
            Advance();
            _tokens.Add(new Token(TokenKind.String, plain, line, column));
            return;
        }

        _buffer.Clear();
        _buffer.Append(_text, segmentStart, _position - segmentStart);
        ResumePoint? firstNewline = null;
        while (true)
        {
            if (AtEnd)
            {
                Unterminated(line, column, firstNewline);
                return;
            }

            var c = Current;
            if (c == '"')
            {
                Advance();
                if (firstNewline is not null && !AtEnd && (IsIdentifierPart(Current) || Current == '"'))
                {
                    // A string may span lines, but a quote glued to a word is where the next string opens:
                    // this one was never closed.
                    Unterminated(line, column, firstNewline);
                    return;
                }

                _tokens.Add(new Token(TokenKind.String, _buffer.ToString(), line, column));
                return;
            }

            if (c == '\n' && firstNewline is null)
            {
                firstNewline = new ResumePoint(_position, _line, _column, _buffer.Length, _diagnostics.Items.Count);
            }

            if (c != '\\')
            {
                _buffer.Append(c);
                Advance();
                continue;
            }

            ReadEscape();
        }
    }

    /// <summary>
    /// Reports an unclosed string at its opening quote. When it ran over lines, the string is taken to end
    /// at its first line and lexing resumes on the next one, so the rest of the file is still checked.
    /// </summary>
    private void Unterminated(int line, int column, ResumePoint? firstNewline)
    {
        if (firstNewline is { } resume)
        {
            _position = resume.Position;
            _line = resume.Line;
            _column = resume.Column;
            _buffer.Length = resume.BufferLength;
            _diagnostics.Truncate(resume.DiagnosticCount);
        }
        else
        {
            EndedInsideString = true;
        }

        _diagnostics.Error(
            new SourceLocation(_file, line, column),
            "unterminated string",
            "close the string with a double quote (\"); write \\\" for a quote inside a string");
        _tokens.Add(new Token(TokenKind.String, _buffer.ToString(), line, column));
    }

    /// <summary>
    /// <c>'text'</c> on one line: reported once and read as the string it was meant to be, so the
    /// parser does not add errors about the words inside.
    /// </summary>
    private void ReadSingleQuoted(int line, int column)
    {
        var end = _position + 1;
        while (end < _text.Length && _text[end] is not ('\'' or '\n'))
        {
            end++;
        }

        if (end >= _text.Length || _text[end] != '\'')
        {
            ReportUnexpectedCharacter(line, column);
            return;
        }

        var content = _text[(_position + 1)..end];
        _diagnostics.Error(new SourceLocation(_file, line, column), "strings use double quotes", $"write \"{content}\"");
        while (_position <= end)
        {
            Advance();
        }

        _tokens.Add(new Token(TokenKind.String, content, line, column));
    }

    private void ReadEscape()
    {
        var line = _line;
        var column = _column;
        Advance(); // backslash
        if (AtEnd)
        {
            return; // reported as an unterminated string by the caller
        }

        var escape = Current;
        switch (escape)
        {
            case 'n':
                _buffer.Append('\n');
                Advance();
                return;
            case 't':
                _buffer.Append('\t');
                Advance();
                return;
            case '"':
                _buffer.Append('"');
                Advance();
                return;
            case '\\':
                _buffer.Append('\\');
                Advance();
                return;
            case 'u':
                Advance();
                ReadUnicodeEscape(line, column);
                return;
            default:
                // The original tool kept unknown escapes as written; so do we (hashes stay compatible), but say so.
                _diagnostics.Warning(
                    new SourceLocation(_file, line, column),
                    $"unknown escape sequence '\\{Printable(escape)}' is kept as written",
                    "the escapes are \\n \\t \\\" \\\\ and \\uXXXX; write \\\\ for a literal backslash");
                _buffer.Append('\\');
                return;
        }
    }

    private void ReadUnicodeEscape(int line, int column)
    {
        var value = 0;
        for (var i = 0; i < 4; i++)
        {
            var digit = AtEnd ? -1 : HexValue(Current);
            if (digit < 0)
            {
                _diagnostics.Error(
                    new SourceLocation(_file, line, column),
                    "invalid unicode escape: \\u needs exactly four hex digits",
                    "for example \\u00e9 for é");
                return;
            }

            value = (value * 16) + digit;
            Advance();
        }

        _buffer.Append((char)value);
    }

    private void ReportUnexpectedCharacter(int line, int column)
    {
        var c = Current;
        if (ForbiddenSourceCharacters.IsReported(c, PeekAt(1)))
        {
            // Already reported, with the reason, before lexing began.
            Advance();
            if (char.IsHighSurrogate(c) && char.IsLowSurrogate(Current))
            {
                Advance();
            }

            return;
        }

        var hint = c switch
        {
            '\'' => "strings use double quotes: \"text\"",
            ';' => "IntentLang needs no semicolons",
            '/' => "comments start with // or #; quote paths: \"a/b\"",
            '=' => "attributes have no '=': write model \"name\"",
            _ => null,
        };
        var shown = char.IsHighSurrogate(c) && char.IsLowSurrogate(PeekAt(1))
            ? _text.Substring(_position, 2)
            : Printable(c);
        _diagnostics.Error(new SourceLocation(_file, line, column), $"unexpected character '{shown}'", hint);
        Advance();
        if (char.IsLowSurrogate(Current) && shown.Length == 2)
        {
            Advance();
        }
    }

    private static Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> CreateWords()
    {
        string[] words =
        [
            "package", "version", "lang", "prompt", "skill", "agent", "secret", "environment", "deploy", "target", "server",
            "client", "content", "variables", "description", "input", "output", "tool", "execution", "command", "http",
            "inline", "mcp", "binary", "args", "timeout", "env", "secrets", "method", "url", "headers", "body_template",
            "language", "code", "memory", "uses", "model", "models", "strategy", "max_turns", "token_budget", "temperature",
            "stream", "on_error", "max_retries", "fallback", "max_messages", "delegate", "to", "when", "connects", "store",
            "transport", "auth", "exposes", "default", "required", "true", "false", "string", "number", "integer", "int",
            "float", "bool", "boolean", "object", "array", "list", "map", "any", "port", "health", "path",
        ];
        var table = new Dictionary<string, string>(words.Length, StringComparer.Ordinal);
        foreach (var word in words)
        {
            table[word] = word;
        }

        return table.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>Where to resume lexing when a string that ran over lines turns out to be unclosed.</summary>
    private readonly record struct ResumePoint(int Position, int Line, int Column, int BufferLength, int DiagnosticCount);

    /// <summary>The character as a message shows it: controls, surrogates and invisible characters as U+XXXX.</summary>
    private static string Printable(char c) =>
        char.IsControl(c) || char.IsSurrogate(c) || InvisibleCharacters.IsInvisible(new Rune(c))
            ? InvisibleCharacters.Describe(c)
            : c.ToString();

    private static int HexValue(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'a' and <= 'f' => c - 'a' + 10,
        >= 'A' and <= 'F' => c - 'A' + 10,
        _ => -1,
    };

    private static bool IsDigit(char c) => c is >= '0' and <= '9';

    private static bool IsIdentifierStart(char c) => c == '_' || char.IsLetter(c);

    private static bool IsIdentifierPart(char c) => c is '_' or '-' || char.IsLetterOrDigit(c);
}
