using static AgentSpec.Core.IntentLang.EnglishArticles;

namespace AgentSpec.Core.IntentLang.Syntax;

/// <summary>
/// Recursive-descent parser for IntentLang 2.0. It never throws on bad input: every problem becomes a
/// positioned diagnostic and the parser resynchronises (at the end of the attribute's line, after a
/// balanced block, or at the next declaration) so that one mistake does not hide the next.
/// </summary>
/// <remarks>
/// Layout never matters on the success path (newlines are not tokens); lines are only used to decide
/// how much to skip after an error.
/// </remarks>
internal sealed partial class Parser
{
    private static readonly string[] DeclarationKeywords = ["prompt", "skill", "agent", "secret", "environment", "deploy", "server", "client"];

    private readonly List<Token> _tokens;
    private readonly string _file;
    private readonly DiagnosticBag _diagnostics;
    private readonly bool _endedInsideString;
    private int _index;

    /// <summary>How many bodies <see cref="ParseBody"/> is inside of right now.</summary>
    private int _depth;

    private Parser(string file, List<Token> tokens, bool endedInsideString, DiagnosticBag diagnostics)
    {
        _file = file;
        _tokens = tokens;
        _endedInsideString = endedInsideString;
        _diagnostics = diagnostics;
    }

    public static SyntaxFile Parse(string file, string text, DiagnosticBag diagnostics)
    {
        var (tokens, endedInsideString) = Lexer.Tokenize(file, text, diagnostics);
        return new Parser(file, tokens, endedInsideString, diagnostics).ParseFile();
    }

    private Token Current => _tokens[_index];

    private Token Previous => _index > 0 ? _tokens[_index - 1] : default;

    /// <summary>True when the current token is the first on its line.</summary>
    private bool StartsLine => _index == 0 || Previous.Line < Current.Line;

    private Token Peek(int offset) => _tokens[Math.Min(_index + offset, _tokens.Count - 1)];

    private Token Advance()
    {
        var token = _tokens[_index];
        if (token.Kind != TokenKind.EndOfFile)
        {
            _index++;
        }

        return token;
    }

    private bool AtKeyword(string keyword) => Current.IsIdentifier(keyword);

    private SourceLocation At(Token token) => new(_file, token.Line, token.Column);

    private void Error(Token at, string message, string? hint = null) => _diagnostics.Error(At(at), message, hint);

    private SyntaxFile ParseFile()
    {
        PackageHeader? header = null;
        var declarations = new List<Declaration>();
        if (Current.Kind == TokenKind.EndOfFile)
        {
            if (!_endedInsideString)
            {
                _diagnostics.Error(
                    new SourceLocation(_file, 1, 1),
                    "the file is empty",
                    "start it with: package \"name\" version \"0.1.0\" lang \"2.0\"");
            }

            return new SyntaxFile(_file, null, declarations);
        }

        if (AtKeyword("package"))
        {
            header = ParseHeader();
        }
        else
        {
            Error(
                Current,
                $"expected the package header at the start of the file, found {Current.Describe()}",
                "start the file with: package \"name\" version \"0.1.0\" lang \"2.0\"");
        }

        while (Current.Kind != TokenKind.EndOfFile)
        {
            var declaration = ParseTopLevel();
            if (declaration is not null)
            {
                declarations.Add(declaration);
            }
        }

        return new SyntaxFile(_file, header, declarations);
    }

    private PackageHeader ParseHeader()
    {
        var keyword = Advance();
        var header = new PackageHeader(At(keyword));
        if (Current.Kind == TokenKind.String)
        {
            var name = Advance();
            header.Name = new Located<string>(name.Text, At(name));
        }
        else
        {
            ReportExpected(keyword, "the package header", "the package name in double quotes");
            if (Current.Kind == TokenKind.Identifier && Current.Line == keyword.Line && !IsHeaderKeyword(Current.Text))
            {
                Advance();
            }
        }

        while (Current.Kind == TokenKind.Identifier && IsHeaderKeyword(Current.Text))
        {
            var attribute = Advance();
            if (!header.Attributes.Add(attribute.Text))
            {
                Error(attribute, $"duplicate '{attribute.Text}' in the package header");
            }

            var value = ExpectString(attribute, "the package header");
            if (attribute.Text == "version")
            {
                header.Version = value ?? header.Version;
            }
            else
            {
                header.LangKeyword = At(attribute);
                header.Lang = value ?? header.Lang;
            }
        }

        return header;
    }

    private static bool IsHeaderKeyword(string text) => text is "version" or "lang";

    private Declaration? ParseTopLevel()
    {
        var token = Current;
        if (token.Kind != TokenKind.Identifier)
        {
            Error(token, $"expected a declaration such as agent \"name\" {{ … }}, found {token.Describe()}");
            SkipToNextDeclaration(consumeFirst: true);
            return null;
        }

        switch (token.Text)
        {
            case "prompt":
                return ParseDeclaration((at, name) => new PromptDeclaration(at, name), ParsePromptItem);
            case "skill":
                return ParseDeclaration((at, name) => new SkillDeclaration(at, name), ParseSkillItem);
            case "agent":
                return ParseDeclaration((at, name) => new AgentDeclaration(at, name), ParseAgentItem);
            case "secret":
                return ParseDeclaration((at, name) => new SecretDeclaration(at, name), ParseSecretItem);
            case "environment":
                return ParseDeclaration((at, name) => new EnvironmentDeclaration(at, name), ParseEnvironmentItem, OverrideKinds);
            case "server":
                return ParseDeclaration((at, name) => new ServerDeclaration(at, name), ParseServerItem);
            case "client":
                return ParseDeclaration((at, name) => new ClientDeclaration(at, name), ParseClientItem);
            case "deploy":
                return ParseDeploy();
            case "package":
                Error(token, "the package header must come first and appear once per file");
                Advance();
                SkipRestOfLine(token.Line);
                return null;
            default:
                Advance();
                if (UnsupportedConstructs.TryGet(token.Text, out var construct, out var hint))
                {
                    ReportUnsupported(token, construct, hint);
                    return null;
                }

                Error(token, $"unknown declaration '{token.Text}'", NameSuggestions.KeywordHint(token.Text, DeclarationKeywords));
                SkipToNextDeclaration(consumeFirst: false);
                return null;
        }
    }

    /// <summary>Parses <c>keyword "name" { items }</c>; the keyword is the current token.</summary>
    private T? ParseDeclaration<T>(
        Func<SourceLocation, Located<string>, T> create,
        Func<T, Token, bool> parseItem,
        IReadOnlySet<string>? nestedKeywords = null)
        where T : Declaration
    {
        var keyword = Advance();
        var name = ExpectDeclarationName(keyword);
        if (name is null)
        {
            SkipToNextDeclaration(consumeFirst: false);
            return null;
        }

        var declaration = create(At(keyword), name);
        if (!ParseBody(declaration.Title, item => parseItem(declaration, item), topLevel: true, nestedKeywords))
        {
            SkipToNextDeclaration(consumeFirst: false);
        }

        return declaration;
    }

    private Located<string>? ExpectDeclarationName(Token keyword)
    {
        var token = Current;
        if (token.Kind == TokenKind.String)
        {
            Advance();
            ValidateName(token, keyword.Text);
            return new Located<string>(token.Text, At(token));
        }

        if (token.Kind == TokenKind.Identifier && token.Line == keyword.Line)
        {
            Error(token, $"the name of {Article(keyword.Text)} {keyword.Text} is a string", $"write {keyword.Text} \"{token.Text}\"");
            Advance();
            return new Located<string>(token.Text, At(token));
        }

        Error(
            token.Line == keyword.Line ? token : keyword,
            $"expected a name in double quotes after '{keyword.Text}', found {token.Describe()}",
            $"for example: {keyword.Text} \"my-{keyword.Text}\" {{ … }}");
        return null;
    }

    private void ValidateName(Token name, string keyword)
    {
        if (name.Text.Length == 0)
        {
            Error(name, $"the name of {Article(keyword)} {keyword} must not be empty");
            return;
        }

        if (InvisibleCharacters.ReportInName($"the {keyword} name", name.Text, At(name), _diagnostics))
        {
            return;
        }

        foreach (var c in name.Text)
        {
            if (c == '/' || char.IsWhiteSpace(c) || char.IsControl(c))
            {
                Error(
                    name,
                    $"the {keyword} name \"{name.Text}\" contains '{(c == '/' ? "/" : "whitespace")}'",
                    "names become part of resource ids such as package/Agent/name; use letters, digits, '-', '_' and '.'");
                return;
            }
        }
    }

    /// <summary>
    /// Parses <c>{ item* }</c>, calling <paramref name="parseItem"/> with each item's first token (already
    /// consumed). A failed item is skipped to the end of its line. Returns false when the block is unusable
    /// (no opening brace, or never closed) so that the caller can resynchronise.
    /// </summary>
    /// <param name="topLevel">
    /// The body of a declaration: a line that starts another declaration (<c>agent "x" {</c>) means this
    /// body's closing brace is missing, which is reported once instead of as a cascade of bad attributes.
    /// </param>
    /// <param name="nestedKeywords">Declaration keywords that are legitimate items of this body (environment overrides).</param>
    private bool ParseBody(string owner, Func<Token, bool> parseItem, bool topLevel = false, IReadOnlySet<string>? nestedKeywords = null, bool allowStringItems = false)
    {
        if (Current.Kind != TokenKind.LeftBrace)
        {
            Error(Current, $"expected '{{' to open the body of {owner}, found {Current.Describe()}");
            return false;
        }

        if (_depth >= IntentLangCompiler.MaxNestingDepth)
        {
            // Refusing to recurse is what keeps a hostile 100,000-level file from overflowing the stack;
            // the block is skipped without recursion.
            Error(
                Current,
                $"blocks are nested more than {IntentLangCompiler.MaxNestingDepth} levels deep",
                $"IntentLang allows at most {IntentLangCompiler.MaxNestingDepth} levels of nested blocks (a declaration's body is level 1); flatten the nesting");
            SkipBalanced();
            return false;
        }

        _depth++;
        try
        {
            return ParseBodyItems(owner, parseItem, topLevel, nestedKeywords, allowStringItems);
        }
        finally
        {
            _depth--;
        }
    }

    private bool ParseBodyItems(string owner, Func<Token, bool> parseItem, bool topLevel, IReadOnlySet<string>? nestedKeywords, bool allowStringItems)
    {
        var open = Advance();
        while (true)
        {
            var token = Current;
            switch (token.Kind)
            {
                case TokenKind.RightBrace:
                    Advance();
                    return true;
                case TokenKind.EndOfFile:
                    if (!_endedInsideString)
                    {
                        Error(
                            token,
                            $"unexpected end of file: the body of {owner} opened at line {open.Line} is never closed",
                            "add the missing '}'");
                    }

                    return false;
                case TokenKind.Identifier when topLevel && LooksLikeNextDeclaration(nestedKeywords):
                    Error(
                        token,
                        $"the body of {owner} opened at line {open.Line} is not closed before this declaration",
                        $"add '}}' before line {token.Line}");
                    return true;
                case TokenKind.Identifier:
                case TokenKind.String when allowStringItems:
                    Advance();
                    if (!parseItem(token))
                    {
                        SkipRestOfLine(token.Line);
                    }

                    break;
                default:
                    Error(token, $"expected an attribute name in {owner}, found {token.Describe()}");
                    if (IsOpener(token.Kind))
                    {
                        SkipBalanced();
                    }
                    else
                    {
                        Advance();
                    }

                    SkipRestOfLine(token.Line);
                    break;
            }
        }
    }

    private bool LooksLikeNextDeclaration(IReadOnlySet<string>? nestedKeywords)
    {
        var token = Current;
        if (!StartsLine || Peek(1).Kind != TokenKind.String)
        {
            return false;
        }

        if (nestedKeywords is not null && nestedKeywords.Contains(token.Text))
        {
            return false;
        }

        var isDeclaration = token.Text is "prompt" or "skill" or "agent" or "secret" or "environment" or "server" or "client"
            ? Peek(2).Kind == TokenKind.LeftBrace
            : token.Text == "deploy" && Peek(2).IsIdentifier("target");
        return isDeclaration;
    }

    private void UnknownAttribute(Token keyword, string owner, IReadOnlyList<string> known) =>
        Error(keyword, $"unknown attribute '{keyword.Text}' in {owner}", NameSuggestions.KeywordHint(keyword.Text, known));

    /// <summary>Records a single-valued attribute, reporting a repeat at its keyword.</summary>
    private void MarkSeen(Dictionary<string, SourceLocation> seen, string attribute, Token keyword, string owner)
    {
        if (seen.TryGetValue(attribute, out var first))
        {
            Error(keyword, $"duplicate attribute '{attribute}' in {owner}", $"it is already set at line {first.Line}, column {first.Column}");
            return;
        }

        seen[attribute] = At(keyword);
    }

    /// <summary>Reports an unsupported construct (its keyword just consumed) and skips what belongs to it.</summary>
    private void ReportUnsupported(Token keyword, string construct, string hint)
    {
        _diagnostics.Error(At(keyword), UnsupportedConstructs.Message(construct), hint);
        SkipUnsupportedBody();
    }

    /// <summary>
    /// Skips the rest of an unsupported construct whose keyword was just consumed: everything up to and
    /// including its balanced <c>{ … }</c> block, or, for a construct without a block, the rest of its line.
    /// </summary>
    private void SkipUnsupportedBody()
    {
        var lastLine = Previous.Line;
        while (true)
        {
            var token = Current;
            switch (token.Kind)
            {
                case TokenKind.EndOfFile or TokenKind.RightBrace:
                    return;
                case TokenKind.LeftBrace:
                    SkipBalanced();
                    return;
                default:
                    if (token.Line != lastLine)
                    {
                        return;
                    }

                    if (IsOpener(token.Kind))
                    {
                        SkipBalanced();
                    }
                    else
                    {
                        Advance();
                    }

                    lastLine = Previous.Line;
                    break;
            }
        }
    }

    /// <summary>Skips what is left of a line (whole blocks that open on it), stopping before a closing brace.</summary>
    private void SkipRestOfLine(int line)
    {
        while (Current.Kind is not (TokenKind.EndOfFile or TokenKind.RightBrace) && Current.Line == line)
        {
            if (IsOpener(Current.Kind))
            {
                SkipBalanced();
            }
            else
            {
                Advance();
            }
        }
    }

    /// <summary>Skips to the next line that starts a declaration, stepping over whole blocks.</summary>
    private void SkipToNextDeclaration(bool consumeFirst)
    {
        if (consumeFirst)
        {
            if (IsOpener(Current.Kind))
            {
                SkipBalanced();
            }
            else
            {
                Advance();
            }
        }

        while (Current.Kind != TokenKind.EndOfFile)
        {
            if (Current.Kind == TokenKind.Identifier && StartsLine && StartsDeclaration(Current.Text))
            {
                return;
            }

            if (IsOpener(Current.Kind))
            {
                SkipBalanced();
            }
            else
            {
                Advance();
            }
        }
    }

    private static bool StartsDeclaration(string keyword) =>
        Array.IndexOf(DeclarationKeywords, keyword) >= 0 || keyword == "package" || UnsupportedConstructs.TryGet(keyword, out _, out _);

    /// <summary>Skips a bracketed group starting at the current opener, nesting included.</summary>
    private void SkipBalanced()
    {
        var depth = 0;
        do
        {
            var kind = Current.Kind;
            if (IsOpener(kind))
            {
                depth++;
            }
            else if (kind is TokenKind.RightBrace or TokenKind.RightBracket or TokenKind.RightParen)
            {
                depth--;
            }

            Advance();
        }
        while (depth > 0 && Current.Kind != TokenKind.EndOfFile);
    }

    private static bool IsOpener(TokenKind kind) => kind is TokenKind.LeftBrace or TokenKind.LeftBracket or TokenKind.LeftParen;
}
