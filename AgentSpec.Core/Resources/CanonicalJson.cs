using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace AgentSpec.Core.Resources;

/// <summary>
/// Canonical JSON exactly as the original Go tool produced it (encoding/json over sorted maps), so
/// that content hashes and state checksums stay byte-compatible: object keys sorted by their UTF-8
/// bytes at every depth, no whitespace, HTML-safe escaping of &lt; &gt; &amp; U+2028 U+2029, and Go's
/// float formatting (shortest round-trip, exponent form below 1e-6 and from 1e21).
/// </summary>
public static class CanonicalJson
{
    public const string HashPrefix = "sha256:";

    // What WriteString escapes or replaces: quote, backslash, control characters, the HTML-sensitive
    // characters, the JavaScript line separators, and surrogates (which must come in valid pairs).
    private static readonly SearchValues<char> NeedsEscaping = SearchValues.Create(
        "\"\\<>&\u2028\u2029" + new string([.. Enumerable.Range(0, 0x20).Select(c => (char)c)]) + new string([.. Enumerable.Range(0xD800, 0x800).Select(c => (char)c)]));

    /// <summary>The order of object keys: by their UTF-8 bytes, as Go's sort.Strings orders them.</summary>
    public static IComparer<string> KeyOrder => Utf8Ordinal.Instance;

    /// <summary>The canonical form of a parsed JSON value (straight from the document, without building nodes).</summary>
    public static string Serialize(JsonElement element)
    {
        var builder = new StringBuilder(256);
        WriteElement(builder, element);
        return builder.ToString();
    }

    public static string Serialize(JsonNode? node)
    {
        var builder = new StringBuilder(256);
        Write(builder, node);
        return builder.ToString();
    }

    /// <summary><c>sha256:</c> + lowercase hex of SHA-256 over the UTF-8 bytes of the canonical form.</summary>
    public static string Hash(JsonNode? node) => HashOf(Serialize(node));

    public static string HashOf(string canonical)
    {
        ArgumentNullException.ThrowIfNull(canonical);
        var byteCount = Encoding.UTF8.GetByteCount(canonical);
        var buffer = ArrayPool<byte>.Shared.Rent(byteCount);
        try
        {
            var written = Encoding.UTF8.GetBytes(canonical, buffer);
            Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
            SHA256.HashData(buffer.AsSpan(0, written), digest);
            return HashPrefix + Convert.ToHexStringLower(digest);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static void Write(StringBuilder builder, JsonNode? node)
    {
        switch (node)
        {
            case null:
                builder.Append("null");
                break;
            case JsonObject obj:
                WriteObject(builder, obj);
                break;
            case JsonArray array:
                builder.Append('[');
                for (var i = 0; i < array.Count; i++)
                {
                    if (i > 0)
                    {
                        builder.Append(',');
                    }

                    Write(builder, array[i]);
                }

                builder.Append(']');
                break;
            case JsonValue value:
                WriteValue(builder, value);
                break;
            default:
                throw new InvalidOperationException($"Unsupported JSON node {node.GetType().Name}.");
        }
    }

    private static void WriteObject(StringBuilder builder, JsonObject obj)
    {
        var keys = new string[obj.Count];
        var index = 0;
        foreach (var pair in obj)
        {
            keys[index++] = pair.Key;
        }

        Array.Sort(keys, Utf8Ordinal.Instance);
        builder.Append('{');
        for (var i = 0; i < keys.Length; i++)
        {
            if (i > 0)
            {
                builder.Append(',');
            }

            WriteString(builder, keys[i]);
            builder.Append(':');
            Write(builder, obj[keys[i]]);
        }

        builder.Append('}');
    }

    private static void WriteValue(StringBuilder builder, JsonValue value)
    {
        if (value.TryGetValue<string>(out var text))
        {
            WriteString(builder, text);
            return;
        }

        if (value.TryGetValue<bool>(out var flag))
        {
            builder.Append(flag ? "true" : "false");
            return;
        }

        if (value.TryGetValue<long>(out var integer))
        {
            builder.Append(integer.ToString(CultureInfo.InvariantCulture));
            return;
        }

        if (value.TryGetValue<int>(out var small))
        {
            builder.Append(small.ToString(CultureInfo.InvariantCulture));
            return;
        }

        if (value.TryGetValue<double>(out var number))
        {
            builder.Append(FormatFloat(number));
            return;
        }

        if (value.TryGetValue<decimal>(out var exact))
        {
            builder.Append(FormatFloat((double)exact));
            return;
        }

        if (value.TryGetValue<JsonElement>(out var element))
        {
            WriteElement(builder, element);
            return;
        }

        throw new InvalidOperationException($"Unsupported JSON value {value}.");
    }

    private static void WriteElement(StringBuilder builder, JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                WriteString(builder, element.GetString()!);
                break;
            case JsonValueKind.True:
                builder.Append("true");
                break;
            case JsonValueKind.False:
                builder.Append("false");
                break;
            case JsonValueKind.Null:
                builder.Append("null");
                break;
            case JsonValueKind.Number when element.TryGetInt64(out var integer):
                builder.Append(integer.ToString(CultureInfo.InvariantCulture));
                break;
            case JsonValueKind.Number:
                builder.Append(FormatFloat(element.GetDouble()));
                break;
            case JsonValueKind.Object:
                var members = element.EnumerateObject().ToArray();
                Array.Sort(members, (a, b) => Utf8Ordinal.Instance.Compare(a.Name, b.Name));
                builder.Append('{');
                for (var i = 0; i < members.Length; i++)
                {
                    if (i > 0)
                    {
                        builder.Append(',');
                    }

                    WriteString(builder, members[i].Name);
                    builder.Append(':');
                    WriteElement(builder, members[i].Value);
                }

                builder.Append('}');
                break;
            case JsonValueKind.Array:
                builder.Append('[');
                var first = true;
                foreach (var item in element.EnumerateArray())
                {
                    if (!first)
                    {
                        builder.Append(',');
                    }

                    first = false;
                    WriteElement(builder, item);
                }

                builder.Append(']');
                break;
            default:
                throw new InvalidOperationException($"Unsupported JSON element kind {element.ValueKind}.");
        }
    }

    /// <summary>Go's encoding/json float64 format: 'f' with shortest digits, or 'e' outside [1e-6, 1e21).</summary>
    public static string FormatFloat(double value)
    {
        if (double.IsNaN(value) || double.IsInfinity(value))
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, "JSON has no representation for NaN or infinity.");
        }

        if (value == 0)
        {
            return "0";
        }

        // "R" yields the shortest round-trippable digits; rebuild them in Go's layout.
        var roundTrip = value.ToString("R", CultureInfo.InvariantCulture);
        var (negative, digits, exponent) = Decompose(roundTrip);
        var abs = Math.Abs(value);
        var result = new StringBuilder(32);
        if (negative)
        {
            result.Append('-');
        }

        if (abs < 1e-6 || abs >= 1e21)
        {
            result.Append(digits[0]);
            if (digits.Length > 1)
            {
                result.Append('.').Append(digits, 1, digits.Length - 1);
            }

            var e = exponent - 1;
            result.Append('e').Append(e < 0 ? '-' : '+');
            // Go trims the exponent to its significant digits ("1e-7", "1e+21").
            result.Append(Math.Abs(e).ToString(CultureInfo.InvariantCulture));
            return result.ToString();
        }

        // Fixed notation: digits × 10^(exponent - digits.Length).
        if (exponent <= 0)
        {
            result.Append("0.").Append('0', -exponent).Append(digits);
        }
        else if (exponent >= digits.Length)
        {
            result.Append(digits).Append('0', exponent - digits.Length);
        }
        else
        {
            result.Append(digits, 0, exponent).Append('.').Append(digits, exponent, digits.Length - exponent);
        }

        return result.ToString();
    }

    /// <summary>Splits a .NET "R" string into sign, significant digits and decimal exponent (value = 0.digits × 10^exponent).</summary>
    private static (bool Negative, string Digits, int Exponent) Decompose(string roundTrip)
    {
        var negative = roundTrip.StartsWith('-');
        var body = negative ? roundTrip[1..] : roundTrip;
        var exponent = 0;
        var ePos = body.IndexOfAny(['E', 'e']);
        if (ePos >= 0)
        {
            exponent = int.Parse(body.AsSpan(ePos + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            body = body[..ePos];
        }

        var dot = body.IndexOf('.', StringComparison.Ordinal);
        var integerPart = dot < 0 ? body : body[..dot];
        var fraction = dot < 0 ? string.Empty : body[(dot + 1)..];
        var all = integerPart + fraction;
        var pointPosition = integerPart.Length + exponent;
        var leadingZeros = 0;
        while (leadingZeros < all.Length - 1 && all[leadingZeros] == '0')
        {
            leadingZeros++;
        }

        var digits = all[leadingZeros..].TrimEnd('0');
        if (digits.Length == 0)
        {
            digits = "0";
        }

        return (negative, digits, pointPosition - leadingZeros);
    }

    private static void WriteString(StringBuilder builder, string value)
    {
        builder.Append('"');
        for (var i = 0; i < value.Length; i++)
        {
            // Most text needs no escaping: copy it up to the next character that does, in one run.
            var plain = value.AsSpan(i).IndexOfAny(NeedsEscaping);
            if (plain != 0)
            {
                var run = plain < 0 ? value.Length - i : plain;
                builder.Append(value, i, run);
                i += run;
                if (i == value.Length)
                {
                    break;
                }
            }

            var c = value[i];
            switch (c)
            {
                case '"':
                    builder.Append("\\\"");
                    break;
                case '\\':
                    builder.Append("\\\\");
                    break;
                case '\n':
                    builder.Append("\\n");
                    break;
                case '\r':
                    builder.Append("\\r");
                    break;
                case '\t':
                    builder.Append("\\t");
                    break;
                case '<' or '>' or '&' or '\u2028' or '\u2029':
                    AppendUnicodeEscape(builder, c);
                    break;
                default:
                    if (c < 0x20)
                    {
                        AppendUnicodeEscape(builder, c);
                    }
                    else if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
                    {
                        builder.Append(c).Append(value[++i]);
                    }
                    else if (char.IsSurrogate(c))
                    {
                        // Go replaces invalid UTF-8 with U+FFFD; a lone surrogate is the UTF-16 equivalent.
                        builder.Append('\uFFFD');
                    }
                    else
                    {
                        builder.Append(c);
                    }

                    break;
            }
        }

        builder.Append('"');
    }

    private static void AppendUnicodeEscape(StringBuilder builder, char c) =>
        builder.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));

    /// <summary>Orders strings by their UTF-8 bytes, as Go's sort.Strings does.</summary>
    private sealed class Utf8Ordinal : IComparer<string>
    {
        public static readonly Utf8Ordinal Instance = new();

        public int Compare(string? x, string? y)
        {
            if (ReferenceEquals(x, y))
            {
                return 0;
            }

            if (x is null)
            {
                return -1;
            }

            if (y is null)
            {
                return 1;
            }

            // UTF-16 ordinal order equals UTF-8 byte order except where surrogates meet U+E000..U+FFFF.
            var length = Math.Min(x.Length, y.Length);
            for (var i = 0; i < length; i++)
            {
                var a = x[i];
                var b = y[i];
                if (a == b)
                {
                    continue;
                }

                return Rank(a).CompareTo(Rank(b));
            }

            return x.Length.CompareTo(y.Length);
        }

        private static int Rank(char c) => c >= 0xE000 ? c - 0x800 : char.IsSurrogate(c) ? c + 0x2000 : c;
    }
}
