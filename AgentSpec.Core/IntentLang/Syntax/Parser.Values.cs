using System.Globalization;
using System.Text.Json.Nodes;

namespace AgentSpec.Core.IntentLang.Syntax;

/// <summary>Value readers. Each consumes its value only when it has the expected shape.</summary>
internal sealed partial class Parser
{
    /// <summary>Reports that the token after <paramref name="keyword"/> is not the expected value.</summary>
    private void ReportExpected(Token keyword, string owner, string expected)
    {
        var found = Current;
        var sameLine = found.Line == keyword.Line && found.Kind != TokenKind.EndOfFile;
        string? hint = null;
        if (sameLine && (expected.Contains("string", StringComparison.Ordinal) || expected.Contains("double quotes", StringComparison.Ordinal)) && found.Kind is TokenKind.Identifier or TokenKind.Number)
        {
            hint = $"put the value in double quotes: {keyword.Text} \"{found.Text}\"";
        }
        else if (!sameLine)
        {
            hint = $"'{keyword.Text}' needs its value on the same line";
        }

        Error(
            sameLine ? found : keyword,
            $"expected {expected} after '{keyword.Text}' in {owner}, found {(sameLine ? found.Describe() : "the end of the line")}",
            hint);
    }

    private Located<string>? ExpectString(Token keyword, string owner)
    {
        if (Current.Kind == TokenKind.String)
        {
            var token = Advance();
            return new Located<string>(token.Text, At(token));
        }

        ReportExpected(keyword, owner, "a string");
        return null;
    }

    /// <summary>A string, or a bare word where the original tool accepted one (transport stdio, env(VAR)).</summary>
    private Located<string>? ExpectStringOrWord(Token keyword, string owner)
    {
        if (Current.Kind is TokenKind.String or TokenKind.Identifier && Current.Line == keyword.Line)
        {
            var token = Advance();
            return new Located<string>(token.Text, At(token));
        }

        ReportExpected(keyword, owner, "a string");
        return null;
    }

    private Located<long>? ExpectInteger(Token keyword, string owner)
    {
        var token = Current;
        if (token.Kind == TokenKind.Number)
        {
            Advance();
            if (long.TryParse(token.Text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
            {
                return new Located<long>(value, At(token));
            }

            Error(
                token,
                $"'{keyword.Text}' in {owner} must be a whole number, found {token.Text}",
                token.Text.AsSpan().IndexOfAny('.', 'e', 'E') >= 0 ? null : "the number is too large");
            return null;
        }

        ReportExpected(keyword, owner, "a whole number");
        return null;
    }

    private Located<double>? ExpectNumber(Token keyword, string owner)
    {
        var token = Current;
        if (token.Kind == TokenKind.Number)
        {
            Advance();
            var value = double.Parse(token.Text, NumberStyles.Float, CultureInfo.InvariantCulture);
            if (!double.IsFinite(value))
            {
                Error(token, $"'{keyword.Text}' in {owner} is out of range: {token.Text}");
                return null;
            }

            return new Located<double>(value, At(token));
        }

        ReportExpected(keyword, owner, "a number");
        return null;
    }

    private Located<bool>? ExpectBool(Token keyword, string owner)
    {
        var token = Current;
        if (token.Kind == TokenKind.Identifier && token.Text is "true" or "false")
        {
            Advance();
            return new Located<bool>(token.Text == "true", At(token));
        }

        ReportExpected(keyword, owner, "true or false");
        return null;
    }

    /// <summary><c>["a", "b"]</c> (commas optional, trailing comma allowed) or a single string.</summary>
    private List<Located<string>>? ExpectStringList(Token keyword, string owner)
    {
        if (Current.Kind == TokenKind.String)
        {
            var single = Advance();
            return [new Located<string>(single.Text, At(single))];
        }

        if (Current.Kind != TokenKind.LeftBracket)
        {
            ReportExpected(keyword, owner, "a list of strings such as [\"a\", \"b\"]");
            return null;
        }

        var open = Advance();
        var items = new List<Located<string>>();
        while (true)
        {
            var token = Current;
            switch (token.Kind)
            {
                case TokenKind.RightBracket:
                    Advance();
                    return items;
                case TokenKind.Comma:
                    Advance();
                    break;
                case TokenKind.String:
                    Advance();
                    items.Add(new Located<string>(token.Text, At(token)));
                    break;
                case TokenKind.EndOfFile or TokenKind.RightBrace:
                    Error(token, $"the list after '{keyword.Text}' in {owner} (opened at line {open.Line}) is never closed", "add ']'");
                    return null;
                default:
                    Error(token, $"expected a string in the list after '{keyword.Text}' in {owner}, found {token.Describe()}");
                    SkipListRest();
                    return null;
            }
        }
    }

    /// <summary>A scalar (string, number, true/false) as a JSON value.</summary>
    private Located<JsonValue>? ExpectScalar(Token keyword, string owner)
    {
        var token = Current;
        JsonValue? value = token.Kind switch
        {
            TokenKind.String => JsonValue.Create(token.Text),
            TokenKind.Number => NumberValue(token.Text),
            TokenKind.Identifier when token.Text is "true" or "false" => JsonValue.Create(token.Text == "true"),
            _ => null,
        };

        if (value is null)
        {
            if (token.Kind == TokenKind.Number)
            {
                Advance();
                Error(token, $"'{keyword.Text}' in {owner} is out of range: {token.Text}");
                return null;
            }

            ReportExpected(keyword, owner, "a string, number or true/false");
            return null;
        }

        Advance();
        return new Located<JsonValue>(value, At(token));
    }

    /// <summary>A scalar or a list of scalars, as JSON (deploy settings).</summary>
    private JsonNode? ExpectValue(Token keyword, string owner)
    {
        if (Current.Kind != TokenKind.LeftBracket)
        {
            return ExpectScalar(keyword, owner)?.Value;
        }

        var open = Advance();
        var items = new JsonArray();
        while (true)
        {
            var token = Current;
            switch (token.Kind)
            {
                case TokenKind.RightBracket:
                    Advance();
                    return items;
                case TokenKind.Comma:
                    Advance();
                    break;
                case TokenKind.EndOfFile or TokenKind.RightBrace:
                    Error(token, $"the list after '{keyword.Text}' in {owner} (opened at line {open.Line}) is never closed", "add ']'");
                    return null;
                default:
                    var item = ExpectScalar(keyword, owner);
                    if (item is null)
                    {
                        SkipListRest();
                        return null;
                    }

                    items.Add((JsonNode)item.Value);
                    break;
            }
        }
    }

    private void SkipListRest()
    {
        while (Current.Kind is not (TokenKind.EndOfFile or TokenKind.RightBrace or TokenKind.RightBracket))
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

        if (Current.Kind == TokenKind.RightBracket)
        {
            Advance();
        }
    }

    /// <summary>A map block <c>{ KEY "value" … }</c>; keys are words or strings and must be unique.</summary>
    private List<KeyValueEntry>? ExpectMap(Token keyword, string owner)
    {
        var entries = new List<KeyValueEntry>();
        var seen = new Dictionary<string, SourceLocation>(StringComparer.Ordinal);
        var mapOwner = $"{keyword.Text} of {owner}";
        var ok = ParseBody(
            mapOwner,
            key =>
            {
                if (key.Kind == TokenKind.String)
                {
                    InvisibleCharacters.ReportInName("the key", key.Text, At(key), _diagnostics, $" in {mapOwner}");
                }

                MarkSeen(seen, key.Text, key, mapOwner);
                var value = ExpectStringOrWord(key, mapOwner);
                if (value is null)
                {
                    return false;
                }

                entries.Add(new KeyValueEntry(new Located<string>(key.Text, At(key)), value));
                return true;
            },
            allowStringItems: true);
        return ok ? entries : null;
    }

    /// <summary>Whole numbers stay integers (as the original tool hashed them); null when out of range.</summary>
    private static JsonValue? NumberValue(string text)
    {
        if (text.AsSpan().IndexOfAny('.', 'e', 'E') < 0 && long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer))
        {
            return JsonValue.Create(integer);
        }

        var value = double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
        return double.IsFinite(value) ? JsonValue.Create(value) : null;
    }
}
