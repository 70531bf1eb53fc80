using System.Buffers;
using System.Globalization;
using System.Text;

namespace AgentSpec.Core.IntentLang;

/// <summary>
/// Characters that render as nothing, or that reorder how text is displayed, and so let source read differently
/// from what it is ("Trojan Source", CVE-2021-42574). Names, references and words must not contain any of
/// them; the bidirectional embedding, override and isolate controls and the invisible tag characters are not
/// allowed raw anywhere in a file, strings and comments included (docs/intentlang.md, "Lexical rules").
/// </summary>
internal static class InvisibleCharacters
{
    public const string NameHint =
        "invisible and bidirectional control characters can make a name look like another one (Trojan Source); remove it";

    /// <summary>U+202A–U+202E and U+2066–U+2069: the controls that reorder the display of the text after them.</summary>
    public static readonly SearchValues<char> BidirectionalControls =
        SearchValues.Create("\u202A\u202B\u202C\u202D\u202E\u2066\u2067\u2068\u2069");

    /// <summary>Letters (so they pass as word characters) that display as blank space.</summary>
    public static readonly SearchValues<char> BlankLetters = SearchValues.Create("\u115F\u1160\u3164\uFFA0");

    private static readonly Dictionary<int, string> Names = new()
    {
        [0x00AD] = "SOFT HYPHEN",
        [0x034F] = "COMBINING GRAPHEME JOINER",
        [0x061C] = "ARABIC LETTER MARK",
        [0x115F] = "HANGUL CHOSEONG FILLER",
        [0x1160] = "HANGUL JUNGSEONG FILLER",
        [0x180E] = "MONGOLIAN VOWEL SEPARATOR",
        [0x200B] = "ZERO WIDTH SPACE",
        [0x200C] = "ZERO WIDTH NON-JOINER",
        [0x200D] = "ZERO WIDTH JOINER",
        [0x200E] = "LEFT-TO-RIGHT MARK",
        [0x200F] = "RIGHT-TO-LEFT MARK",
        [0x202A] = "LEFT-TO-RIGHT EMBEDDING",
        [0x202B] = "RIGHT-TO-LEFT EMBEDDING",
        [0x202C] = "POP DIRECTIONAL FORMATTING",
        [0x202D] = "LEFT-TO-RIGHT OVERRIDE",
        [0x202E] = "RIGHT-TO-LEFT OVERRIDE",
        [0x2060] = "WORD JOINER",
        [0x2066] = "LEFT-TO-RIGHT ISOLATE",
        [0x2067] = "RIGHT-TO-LEFT ISOLATE",
        [0x2068] = "FIRST STRONG ISOLATE",
        [0x2069] = "POP DIRECTIONAL ISOLATE",
        [0x3164] = "HANGUL FILLER",
        [0xFEFF] = "ZERO WIDTH NO-BREAK SPACE",
        [0xFFA0] = "HALFWIDTH HANGUL FILLER",
    };

    public static bool IsBidirectionalControl(int codePoint) => codePoint is (>= 0x202A and <= 0x202E) or (>= 0x2066 and <= 0x2069);

    /// <summary>U+E0000–U+E007F: invisible copies of ASCII that can smuggle hidden text into a prompt.</summary>
    public static bool IsTag(int codePoint) => codePoint is >= 0xE0000 and <= 0xE007F;

    /// <summary>
    /// Format characters (Unicode category Cf: bidirectional controls, zero-width characters, tags, …), variation
    /// selectors, the grapheme joiner and the blank Hangul fillers.
    /// </summary>
    public static bool IsInvisible(Rune rune)
    {
        var value = rune.Value;
        return Rune.GetUnicodeCategory(rune) == UnicodeCategory.Format
            || value is 0x034F or 0x115F or 0x1160 or 0x3164 or 0xFFA0
            || value is (>= 0x180B and <= 0x180F) or (>= 0xFE00 and <= 0xFE0F) or (>= 0xE0100 and <= 0xE01EF);
    }

    /// <summary>The first invisible character of <paramref name="text"/> (or an unpaired surrogate), if any.</summary>
    public static bool TryFind(string text, out int codePoint)
    {
        var index = 0;
        while (index < text.Length)
        {
            if (Rune.DecodeFromUtf16(text.AsSpan(index), out var rune, out var consumed) != OperationStatus.Done)
            {
                codePoint = text[index];
                return true;
            }

            if (IsInvisible(rune))
            {
                codePoint = rune.Value;
                return true;
            }

            index += consumed;
        }

        codePoint = 0;
        return false;
    }

    /// <summary><c>U+202E (RIGHT-TO-LEFT OVERRIDE)</c>, or just <c>U+E0041</c> for characters without a listed name.</summary>
    public static string Describe(int codePoint)
    {
        var number = "U+" + codePoint.ToString("X4", CultureInfo.InvariantCulture);
        return Names.TryGetValue(codePoint, out var name) ? $"{number} ({name})" : number;
    }

    /// <summary>The escape that writes the character visibly in a string: <c>\u202E</c>, or a surrogate pair of escapes.</summary>
    public static string Escape(int codePoint)
    {
        var text = new StringBuilder(12);
        var units = codePoint is >= 0xD800 and <= 0xDFFF ? ((char)codePoint).ToString() : char.ConvertFromUtf32(codePoint);
        foreach (var unit in units)
        {
            text.Append("\\u").Append(((int)unit).ToString("X4", CultureInfo.InvariantCulture));
        }

        return text.ToString();
    }

    /// <summary><paramref name="text"/> with every invisible character (and unpaired surrogate) written as its escape, for messages.</summary>
    public static string Visible(string text)
    {
        var result = new StringBuilder(text.Length + 16);
        var index = 0;
        while (index < text.Length)
        {
            var status = Rune.DecodeFromUtf16(text.AsSpan(index), out var rune, out var consumed);
            if (status != OperationStatus.Done)
            {
                result.Append(Escape(text[index]));
                index++;
                continue;
            }

            if (IsInvisible(rune))
            {
                result.Append(Escape(rune.Value));
            }
            else
            {
                result.Append(text, index, consumed);
            }

            index += consumed;
        }

        return result.ToString();
    }

    /// <summary>
    /// Reports an invisible character in a string used as a name or reference: <c>{what} "value"{where} contains …</c>
    /// (<paramref name="what"/> e.g. <c>the agent name</c>, <paramref name="where"/> e.g. <c> in headers of …</c>);
    /// true when there was one.
    /// </summary>
    public static bool ReportInName(string what, string value, Syntax.SourceLocation at, DiagnosticBag diagnostics, string where = "")
    {
        if (!TryFind(value, out var codePoint))
        {
            return false;
        }

        diagnostics.Error(at, $"{what} \"{Visible(value)}\"{where} contains the invisible character {Describe(codePoint)}", NameHint);
        return true;
    }
}
