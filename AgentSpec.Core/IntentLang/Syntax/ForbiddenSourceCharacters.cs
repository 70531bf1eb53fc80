namespace AgentSpec.Core.IntentLang.Syntax;

/// <summary>
/// Reports, at their exact position, the characters that are not allowed raw anywhere in IntentLang text,
/// strings and comments included: the bidirectional embedding, override and isolate controls (they make a file
/// display differently from how it is read: "Trojan Source"), the invisible tag characters (they can hide text
/// in a prompt) and unpaired surrogates (not Unicode at all; only text handed to the compiler as a string can
/// contain them). A string that needs one of them writes it as a visible escape such as <c>\u202E</c>.
/// </summary>
internal static class ForbiddenSourceCharacters
{
    public static void Report(string file, string text, DiagnosticBag diagnostics)
    {
        // Two vectorised scans find nothing in almost every file; only text from the first hit on is walked.
        var span = text.AsSpan();
        var bidi = span.IndexOfAny(InvisibleCharacters.BidirectionalControls);
        var surrogate = span.IndexOfAnyInRange('\uD800', '\uDFFF');
        var start = bidi < 0 ? surrogate : surrogate < 0 ? bidi : Math.Min(bidi, surrogate);
        if (start < 0)
        {
            return;
        }

        var bom = text.Length > 0 && text[0] == '\uFEFF' ? 1 : 0;
        var lineStart = span[..start].LastIndexOf('\n') + 1;
        var line = 1 + span[..start].Count('\n');
        var column = 1 + CodePoints(span[Math.Min(Math.Max(lineStart, bom), start)..start]);
        var index = start;
        while (index < text.Length)
        {
            var c = text[index];
            var width = 1;
            if (c == '\n')
            {
                line++;
                column = 1;
                index++;
                continue;
            }

            if (InvisibleCharacters.IsBidirectionalControl(c))
            {
                diagnostics.Error(
                    new SourceLocation(file, line, column),
                    $"the bidirectional control character {InvisibleCharacters.Describe(c)} is not allowed in IntentLang source",
                    $"it can make the file display differently from how it is read (Trojan Source); remove it, or write the escape {InvisibleCharacters.Escape(c)} inside a string if the text needs it");
            }
            else if (char.IsSurrogate(c))
            {
                if (char.IsHighSurrogate(c) && index + 1 < text.Length && char.IsLowSurrogate(text[index + 1]))
                {
                    width = 2;
                    var codePoint = char.ConvertToUtf32(c, text[index + 1]);
                    if (InvisibleCharacters.IsTag(codePoint))
                    {
                        diagnostics.Error(
                            new SourceLocation(file, line, column),
                            $"the invisible tag character {InvisibleCharacters.Describe(codePoint)} is not allowed in IntentLang source",
                            $"tag characters can hide text from whoever reads the file; remove it, or write the escapes {InvisibleCharacters.Escape(codePoint)} inside a string if the text needs it");
                    }
                }
                else
                {
                    diagnostics.Error(
                        new SourceLocation(file, line, column),
                        $"unpaired surrogate {InvisibleCharacters.Describe(c)}: the text is not valid Unicode",
                        "pass the file's text as it was decoded from UTF-8");
                }
            }

            column++;
            index += width;
        }
    }

    /// <summary>True for a character this check reports, so that the lexer does not report it again.</summary>
    public static bool IsReported(char c, char next) =>
        InvisibleCharacters.IsBidirectionalControl(c)
        || (char.IsSurrogate(c) && !(char.IsHighSurrogate(c) && char.IsLowSurrogate(next)))
        || (char.IsHighSurrogate(c) && char.IsLowSurrogate(next) && InvisibleCharacters.IsTag(char.ConvertToUtf32(c, next)));

    private static int CodePoints(ReadOnlySpan<char> text)
    {
        var count = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (!(char.IsLowSurrogate(text[i]) && i > 0 && char.IsHighSurrogate(text[i - 1])))
            {
                count++;
            }
        }

        return count;
    }
}
