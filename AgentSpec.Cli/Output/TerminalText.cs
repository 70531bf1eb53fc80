using System.Globalization;
using System.Text;

namespace AgentSpec.Cli.Output;

/// <summary>
/// Makes text that came from outside the process (chat messages, runtime answers, lock-holder fields)
/// safe to write to a terminal: control characters are shown as visible <c>\uXXXX</c> escapes instead
/// of being obeyed, so a message cannot clear the screen, set the clipboard (OSC 52) or retitle the
/// window. JSON output does not need this: the serializer already escapes control characters.
/// </summary>
public static class TerminalText
{
    /// <summary>Neutralises C0 controls (except tab), ESC, DEL and C1 controls; newlines are kept only when <paramref name="keepNewlines"/>.</summary>
    public static string Sanitize(string? text, bool keepNewlines = false)
    {
        if (string.IsNullOrEmpty(text))
        {
            return text ?? string.Empty;
        }

        var index = 0;
        while (index < text.Length && !IsUnsafe(text[index], keepNewlines))
        {
            index++;
        }

        if (index == text.Length)
        {
            return text;
        }

        var builder = new StringBuilder(text.Length + 16);
        builder.Append(text, 0, index);
        for (; index < text.Length; index++)
        {
            var c = text[index];
            if (IsUnsafe(c, keepNewlines))
            {
                builder.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }

    private static bool IsUnsafe(char c, bool keepNewlines) => c switch
    {
        '\t' => false,
        '\n' => !keepNewlines,
        < ' ' => true,
        >= '\u007f' and <= '\u009f' => true,
        // Bidirectional overrides can make a line read differently from what it contains.
        >= '\u202a' and <= '\u202e' or >= '\u2066' and <= '\u2069' => true,
        _ => false,
    };
}
