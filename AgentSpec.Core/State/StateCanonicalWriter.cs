using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using AgentSpec.Core.Resources;

namespace AgentSpec.Core.State;

/// <summary>
/// Writes the canonical JSON of a <see cref="StateDocument"/> (without its checksum) straight from the
/// typed model, so a commit of thousands of entries does not build a JSON tree first. It produces
/// exactly what <see cref="CanonicalJson"/> produces for the document's serialized form (a test holds
/// the two together): keys sorted by UTF-8 bytes, Go's HTML-safe escaping, no whitespace.
/// </summary>
internal static class StateCanonicalWriter
{
    public static string Checksum(StateDocument document) => CanonicalJson.HashOf(Write(document));

    public static string Write(StateDocument document)
    {
        var builder = new StringBuilder(128 + (document.Entries.Count * 256));
        using var scratch = new ValueFormatter();
        var members = new List<(string Key, Action Write)>(4 + (document.Extra?.Count ?? 0))
        {
            ("entries", () => WriteEntries(builder, document.Entries, scratch)),
            ("lineage", () => AppendString(builder, document.Lineage)),
            ("serial", () => builder.Append(document.Serial.ToString(CultureInfo.InvariantCulture))),
            ("version", () => AppendString(builder, document.Version)),
        };
        AddExtra(members, document.Extra, builder, skip: "checksum");
        WriteObject(builder, members);
        return builder.ToString();
    }

    private static void WriteEntries(StringBuilder builder, List<StateEntry> entries, ValueFormatter scratch)
    {
        builder.Append('[');
        for (var i = 0; i < entries.Count; i++)
        {
            if (i > 0)
            {
                builder.Append(',');
            }

            var entry = entries[i];
            if (entry.Extra is null || entry.Extra.Count == 0)
            {
                // The common case, already in key order: adapter, error, fqn, hash, last_applied, status.
                builder.Append("{\"adapter\":");
                AppendNullableString(builder, entry.Adapter);
                builder.Append(",\"error\":");
                AppendNullableString(builder, entry.Error);
                builder.Append(",\"fqn\":");
                AppendString(builder, entry.Fqn);
                builder.Append(",\"hash\":");
                AppendNullableString(builder, entry.Hash);
                builder.Append(",\"last_applied\":");
                AppendDate(builder, entry.LastApplied, scratch);
                builder.Append(",\"status\":");
                AppendNullableString(builder, entry.Status);
                builder.Append('}');
                continue;
            }

            var members = new List<(string Key, Action Write)>(6 + entry.Extra.Count)
            {
                ("adapter", () => AppendNullableString(builder, entry.Adapter)),
                ("error", () => AppendNullableString(builder, entry.Error)),
                ("fqn", () => AppendString(builder, entry.Fqn)),
                ("hash", () => AppendNullableString(builder, entry.Hash)),
                ("last_applied", () => AppendDate(builder, entry.LastApplied, scratch)),
                ("status", () => AppendNullableString(builder, entry.Status)),
            };
            AddExtra(members, entry.Extra, builder, skip: null);
            WriteObject(builder, members);
        }

        builder.Append(']');
    }

    private static void AddExtra(List<(string Key, Action Write)> members, Dictionary<string, JsonElement>? extra, StringBuilder builder, string? skip)
    {
        if (extra is null)
        {
            return;
        }

        foreach (var (key, value) in extra)
        {
            if (key == skip || members.Exists(member => member.Key == key))
            {
                continue;
            }

            var element = value;
            members.Add((key, () => builder.Append(CanonicalJson.Serialize(JsonNode.Parse(element.GetRawText())))));
        }
    }

    private static void WriteObject(StringBuilder builder, List<(string Key, Action Write)> members)
    {
        members.Sort((a, b) => CompareUtf8(a.Key, b.Key));
        builder.Append('{');
        for (var i = 0; i < members.Count; i++)
        {
            if (i > 0)
            {
                builder.Append(',');
            }

            AppendString(builder, members[i].Key);
            builder.Append(':');
            members[i].Write();
        }

        builder.Append('}');
    }

    private static int CompareUtf8(string a, string b)
    {
        if (Ascii.IsValid(a) && Ascii.IsValid(b))
        {
            return string.CompareOrdinal(a, b);
        }

        return Encoding.UTF8.GetBytes(a).AsSpan().SequenceCompareTo(Encoding.UTF8.GetBytes(b));
    }

    private static void AppendDate(StringBuilder builder, DateTimeOffset? value, ValueFormatter scratch)
    {
        if (value is null)
        {
            builder.Append("null");
            return;
        }

        AppendString(builder, scratch.Format(value.Value));
    }

    private static void AppendNullableString(StringBuilder builder, string? value)
    {
        if (value is null)
        {
            builder.Append("null");
            return;
        }

        AppendString(builder, value);
    }

    /// <summary>Go's encoding/json string escaping with HTML-safe escapes, as <see cref="CanonicalJson"/> does it.</summary>
    private static void AppendString(StringBuilder builder, string value)
    {
        builder.Append('"');
        for (var i = 0; i < value.Length; i++)
        {
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
                    AppendEscape(builder, c);
                    break;
                default:
                    if (c < 0x20)
                    {
                        AppendEscape(builder, c);
                    }
                    else if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
                    {
                        builder.Append(c).Append(value[++i]);
                    }
                    else if (char.IsSurrogate(c))
                    {
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

    private static void AppendEscape(StringBuilder builder, char c) =>
        builder.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));

    /// <summary>Formats values exactly as the state serializer writes them (System.Text.Json's converters).</summary>
    private sealed class ValueFormatter : IDisposable
    {
        private readonly ArrayBufferWriter<byte> _buffer = new(64);
        private readonly Utf8JsonWriter _writer;

        public ValueFormatter() => _writer = new Utf8JsonWriter(_buffer);

        public string Format(DateTimeOffset value)
        {
            _buffer.ResetWrittenCount();
            _writer.Reset(_buffer);
            _writer.WriteStringValue(value);
            _writer.Flush();

            // Written as "…": the converter's text without the quotes (it never needs escaping).
            return Encoding.UTF8.GetString(_buffer.WrittenSpan[1..^1]);
        }

        public void Dispose() => _writer.Dispose();
    }
}
