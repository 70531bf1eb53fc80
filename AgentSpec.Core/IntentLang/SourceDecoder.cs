using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Unicode;
using AgentSpec.Core.IntentLang.Syntax;

namespace AgentSpec.Core.IntentLang;

/// <summary>
/// Turns the bytes of a <c>.ias</c> file into text. IntentLang files are UTF-8 (a leading UTF-8 byte order
/// mark is allowed and dropped). Invalid UTF-8 is an error at its first bad byte rather than U+FFFD: a
/// replaced character would be hashed and deployed as text the author never wrote (docs/intentlang.md,
/// "Lexical rules").
/// </summary>
internal static class SourceDecoder
{
    private const string ResaveHint = "IntentLang files are UTF-8; save the file as UTF-8 (nothing in it was read or hashed)";

    /// <summary>The text of the file, or null after reporting where its encoding goes wrong.</summary>
    public static string? Decode(string path, ReadOnlySpan<byte> bytes, DiagnosticBag diagnostics)
    {
        if (OtherByteOrderMark(bytes) is { } encoding)
        {
            diagnostics.Error(
                new SourceLocation(path, 1, 1),
                $"the file is not UTF-8: it starts with a {encoding} byte order mark",
                ResaveHint);
            return null;
        }

        var body = bytes.StartsWith(Encoding.UTF8.Preamble) ? bytes[Encoding.UTF8.Preamble.Length..] : bytes;
        var buffer = ArrayPool<char>.Shared.Rent(Math.Max(1, body.Length));
        try
        {
            // Never replaceInvalidSequences: the decoder stops at the first bad byte instead of inventing U+FFFD.
            var status = Utf8.ToUtf16(body, buffer, out var bytesRead, out var charsWritten, replaceInvalidSequences: false);
            if (status == OperationStatus.Done)
            {
                return new string(buffer, 0, charsWritten);
            }

            Report(path, body, bytesRead, diagnostics);
            return null;
        }
        finally
        {
            ArrayPool<char>.Shared.Return(buffer);
        }
    }

    private static void Report(string path, ReadOnlySpan<byte> body, int invalidAt, DiagnosticBag diagnostics)
    {
        Rune.DecodeFromUtf8(body[invalidAt..], out _, out var invalidLength);
        var sequence = string.Join(' ', body.Slice(invalidAt, Math.Max(1, invalidLength)).ToArray().Select(b => "0x" + b.ToString("X2", CultureInfo.InvariantCulture)));
        var (line, column) = PositionOf(body[..invalidAt]);
        diagnostics.Error(
            new SourceLocation(path, line, column),
            $"the file is not valid UTF-8: invalid byte sequence {sequence}",
            ResaveHint);
    }

    private static string? OtherByteOrderMark(ReadOnlySpan<byte> bytes) => bytes switch
    {
        [0x00, 0x00, 0xFE, 0xFF, ..] => "UTF-32",
        [0xFF, 0xFE, 0x00, 0x00, ..] => "UTF-32",
        [0xFF, 0xFE, ..] or [0xFE, 0xFF, ..] => "UTF-16",
        _ => null,
    };

    /// <summary>
    /// The 1-based line and column just after <paramref name="validPrefix"/>, counting code points as the lexer
    /// does (a UTF-8 continuation byte does not start a column).
    /// </summary>
    private static (int Line, int Column) PositionOf(ReadOnlySpan<byte> validPrefix)
    {
        var line = 1 + validPrefix.Count((byte)'\n');
        var lineStart = validPrefix.LastIndexOf((byte)'\n') + 1;
        var column = 1;
        foreach (var b in validPrefix[lineStart..])
        {
            if ((b & 0xC0) != 0x80)
            {
                column++;
            }
        }

        return (line, column);
    }
}
