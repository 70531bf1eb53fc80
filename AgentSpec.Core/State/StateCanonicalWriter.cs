using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Unicode;
using AgentSpec.Core.Resources;

namespace AgentSpec.Core.State;

/// <summary>
/// Writes a <see cref="StateDocument"/> as a <see cref="StateImage"/>: UTF-8 canonical JSON straight from
/// the typed model in one pass, hashed as it stands (the checksum member is a reserved gap that the
/// hash skips and that is filled afterwards). The output equals what <see cref="CanonicalJson"/>
/// produces for the document's JSON (tests hold the two together): keys sorted by UTF-8 bytes, Go's
/// HTML-safe escaping, no whitespace, values formatted as System.Text.Json's converters format them.
/// </summary>
internal static class StateCanonicalWriter
{
    private const string ChecksumKey = "checksum";

    // Top-level members in key order; the checksum sorts first among them.
    private static readonly string[] DocumentKeys = [ChecksumKey, "entries", "lineage", "serial", "version"];

    private static readonly string[] EntryKeys = ["adapter", "error", "fqn", "hash", "last_applied", "status"];

    // Everything Go escapes: quote, backslash, control characters, the HTML-sensitive <, >, & and the JavaScript line separators.
    private static readonly SearchValues<char> Escaped = SearchValues.Create(
        "\"\\<>&\u2028\u2029\u0000\u0001\u0002\u0003\u0004\u0005\u0006\u0007\u0008\u0009\u000A\u000B\u000C\u000D\u000E\u000F"
        + "\u0010\u0011\u0012\u0013\u0014\u0015\u0016\u0017\u0018\u0019\u001A\u001B\u001C\u001D\u001E\u001F");

    private static readonly SearchValues<byte> EscapedAscii = SearchValues.Create(
        "\"\\<>&\u0000\u0001\u0002\u0003\u0004\u0005\u0006\u0007\u0008\u0009\u000A\u000B\u000C\u000D\u000E\u000F"u8
        + "\u0010\u0011\u0012\u0013\u0014\u0015\u0016\u0017\u0018\u0019\u001A\u001B\u001C\u001D\u001E\u001F"u8);

    /// <summary>The checksum the document would carry (its own <see cref="StateDocument.Checksum"/> is ignored).</summary>
    public static string Checksum(StateDocument document) => Write(document).Checksum;

    /// <summary>The bytes to set aside for the image of <paramref name="document"/>.</summary>
    /// <param name="document">The document to write.</param>
    /// <param name="previousLength">The length of the previous image of this state, or 0.</param>
    public static int Capacity(StateDocument document, int previousLength) =>
        previousLength > 0 ? previousLength + 256 : 512 + ((document.Entries?.Count ?? 0) * 256);

    /// <param name="document">Written as it is: entries in their order, its version, serial and lineage.</param>
    /// <param name="buffer">An array the image may use when it is large enough (the caller gives up its content).</param>
    /// <param name="capacity">Bytes to set aside when <paramref name="buffer"/> is missing or too small (see <see cref="Capacity"/>).</param>
    /// <param name="previous">The image this one replaces, with its hash states: hashing resumes where the bytes first differ.</param>
    /// <param name="record">Receives this image's hash states (for the commit after it).</param>
    public static StateImage Write(
        StateDocument document,
        byte[]? buffer = null,
        int capacity = 0,
        (StateImage Image, StateHashCheckpoints Checkpoints)? previous = null,
        StateHashCheckpoints? record = null)
    {
        ArgumentNullException.ThrowIfNull(document);
        capacity = Math.Max(capacity, 256);
        var output = new Output(buffer is not null && buffer.Length >= capacity ? buffer : GC.AllocateUninitializedArray<byte>(Math.Max(capacity, Capacity(document, 0))));
        var extra = SortedExtra(document.Extra, DocumentKeys);
        var checksumStart = -1;
        var serialStart = -1;
        var serialLength = 0;
        output.Byte((byte)'{');
        var first = true;
        var pendingChecksum = false;
        var next = 0;
        foreach (var key in DocumentKeys)
        {
            next = WriteExtraBefore(output, extra, next, key, ref first, ref pendingChecksum, ref checksumStart);
            if (key == ChecksumKey)
            {
                // The gap goes right before the next member, after that member's comma: the file is then the
                // canonical form with the checksum, and the gap's removal leaves the canonical form without it.
                pendingChecksum = true;
                continue;
            }

            BeginMember(output, ref first, ref pendingChecksum, ref checksumStart);
            output.Key(key);
            switch (key)
            {
                case "entries":
                    WriteEntries(output, document.Entries);
                    break;
                case "lineage":
                    output.String(document.Lineage);
                    break;
                case "serial":
                    serialStart = output.Length;
                    output.Long(document.Serial);
                    serialLength = output.Length - serialStart;
                    break;
                default:
                    output.String(document.Version);
                    break;
            }
        }

        for (; next < extra.Count; next++)
        {
            BeginMember(output, ref first, ref pendingChecksum, ref checksumStart);
            output.Key(extra[next].Key);
            output.Element(extra[next].Value);
        }

        output.Byte((byte)'}');
        var contentEnd = output.Length;
        output.Byte((byte)'\n');
        output.FillChecksum(checksumStart, contentEnd, previous, record);
        return output.ToImage(checksumStart, serialStart, serialLength);
    }

    private static int WriteExtraBefore(Output output, List<KeyValuePair<string, JsonElement>> extra, int next, string key, ref bool first, ref bool pendingChecksum, ref int checksumStart)
    {
        for (; next < extra.Count && CompareUtf8(extra[next].Key, key) < 0; next++)
        {
            BeginMember(output, ref first, ref pendingChecksum, ref checksumStart);
            output.Key(extra[next].Key);
            output.Element(extra[next].Value);
        }

        return next;
    }

    private static void BeginMember(Output output, ref bool first, ref bool pendingChecksum, ref int checksumStart)
    {
        if (!first)
        {
            output.Byte((byte)',');
        }

        first = false;
        if (pendingChecksum)
        {
            checksumStart = output.Reserve(StateImage.ChecksumMemberLength);
            pendingChecksum = false;
        }
    }

    private static void WriteEntries(Output output, List<StateEntry>? entries)
    {
        if (entries is null)
        {
            output.Literal("null"u8);
            return;
        }

        output.Byte((byte)'[');
        for (var i = 0; i < entries.Count; i++)
        {
            if (i > 0)
            {
                output.Byte((byte)',');
            }

            var entry = entries[i];
            if (entry is null)
            {
                output.Literal("null"u8);
            }
            else if (entry.Extra is null || entry.Extra.Count == 0)
            {
                // The common case, already in key order: adapter, error, fqn, hash, last_applied, status.
                output.Literal("{\"adapter\":"u8);
                output.String(entry.Adapter);
                output.Literal(",\"error\":"u8);
                output.String(entry.Error);
                output.Literal(",\"fqn\":"u8);
                output.String(entry.Fqn);
                output.Literal(",\"hash\":"u8);
                output.String(entry.Hash);
                output.Literal(",\"last_applied\":"u8);
                output.Date(entry.LastApplied);
                output.Literal(",\"status\":"u8);
                output.String(entry.Status);
                output.Byte((byte)'}');
            }
            else
            {
                WriteEntryWithExtra(output, entry);
            }
        }

        output.Byte((byte)']');
    }

    private static void WriteEntryWithExtra(Output output, StateEntry entry)
    {
        var extra = SortedExtra(entry.Extra, EntryKeys);
        output.Byte((byte)'{');
        var first = true;
        var next = 0;
        foreach (var key in EntryKeys)
        {
            for (; next < extra.Count && CompareUtf8(extra[next].Key, key) < 0; next++)
            {
                WriteExtraMember(output, extra[next], ref first);
            }

            if (!first)
            {
                output.Byte((byte)',');
            }

            first = false;
            output.Key(key);
            switch (key)
            {
                case "adapter":
                    output.String(entry.Adapter);
                    break;
                case "error":
                    output.String(entry.Error);
                    break;
                case "fqn":
                    output.String(entry.Fqn);
                    break;
                case "hash":
                    output.String(entry.Hash);
                    break;
                case "last_applied":
                    output.Date(entry.LastApplied);
                    break;
                default:
                    output.String(entry.Status);
                    break;
            }
        }

        for (; next < extra.Count; next++)
        {
            WriteExtraMember(output, extra[next], ref first);
        }

        output.Byte((byte)'}');
    }

    private static void WriteExtraMember(Output output, KeyValuePair<string, JsonElement> member, ref bool first)
    {
        if (!first)
        {
            output.Byte((byte)',');
        }

        first = false;
        output.Key(member.Key);
        output.Element(member.Value);
    }

    /// <summary>Unknown fields sorted by key, without those the typed members write (a key cannot appear twice).</summary>
    private static List<KeyValuePair<string, JsonElement>> SortedExtra(Dictionary<string, JsonElement>? extra, string[] typedKeys)
    {
        if (extra is null || extra.Count == 0)
        {
            return [];
        }

        var members = new List<KeyValuePair<string, JsonElement>>(extra.Count);
        foreach (var pair in extra)
        {
            if (Array.IndexOf(typedKeys, pair.Key) < 0)
            {
                members.Add(pair);
            }
        }

        members.Sort((a, b) => CompareUtf8(a.Key, b.Key));
        return members;
    }

    private static int CompareUtf8(string a, string b)
    {
        if (Ascii.IsValid(a) && Ascii.IsValid(b))
        {
            return string.CompareOrdinal(a, b);
        }

        return Encoding.UTF8.GetBytes(a).AsSpan().SequenceCompareTo(Encoding.UTF8.GetBytes(b));
    }

    /// <summary>A growing UTF-8 buffer whose array becomes the image's (no copy at the end).</summary>
    private sealed class Output
    {
        private const int DateLength = 33; // yyyy-MM-ddTHH:mm:ss.fffffff+HH:MM

        private byte[] _buffer;

        public Output(byte[] buffer) => _buffer = buffer;

        public int Length { get; private set; }

        public StateImage ToImage(int checksumStart, int serialStart, int serialLength) =>
            new(_buffer, Length, checksumStart, serialStart, serialLength);

        public void Byte(byte value)
        {
            Ensure(1);
            _buffer[Length++] = value;
        }

        public void Literal(ReadOnlySpan<byte> utf8)
        {
            Ensure(utf8.Length);
            utf8.CopyTo(_buffer.AsSpan(Length));
            Length += utf8.Length;
        }

        /// <summary>Skips <paramref name="count"/> bytes to be filled later; returns where they start.</summary>
        public int Reserve(int count)
        {
            Ensure(count);
            var start = Length;
            Length += count;
            return start;
        }

        public void Key(string key)
        {
            String(key);
            Byte((byte)':');
        }

        public void Long(long value)
        {
            Ensure(20);
            value.TryFormat(_buffer.AsSpan(Length), out var written, default, CultureInfo.InvariantCulture);
            Length += written;
        }

        /// <summary>Go's encoding/json string escaping with HTML-safe escapes, as <see cref="CanonicalJson"/> does it.</summary>
        public void String(string? value)
        {
            if (value is null)
            {
                Literal("null"u8);
                return;
            }

            // An escape is at most 6 bytes for one UTF-16 unit; any other unit is at most 3 bytes of UTF-8.
            Ensure((value.Length * 6) + 2);
            _buffer[Length++] = (byte)'"';

            // The common case in one vectorized pass each: plain ASCII with nothing to escape.
            var destination = _buffer.AsSpan(Length);
            if (Ascii.FromUtf16(value, destination, out var narrowed) == OperationStatus.Done
                && !destination[..narrowed].ContainsAny(EscapedAscii))
            {
                Length += narrowed;
                _buffer[Length++] = (byte)'"';
                return;
            }

            var rest = value.AsSpan();
            while (true)
            {
                var special = rest.IndexOfAny(Escaped);
                var plain = special < 0 ? rest : rest[..special];
                if (!plain.IsEmpty)
                {
                    // A lone surrogate becomes U+FFFD, as Go does with invalid UTF-8. Chunks never
                    // split a surrogate pair: they end only at escaped characters, none of which is a surrogate.
                    Utf8.FromUtf16(plain, _buffer.AsSpan(Length), out _, out var written);
                    Length += written;
                }

                if (special < 0)
                {
                    break;
                }

                Escape(rest[special]);
                rest = rest[(special + 1)..];
            }

            _buffer[Length++] = (byte)'"';
        }

        /// <summary>As System.Text.Json writes a <see cref="DateTimeOffset"/>: ISO 8601, fraction without trailing zeros, numeric offset.</summary>
        public void Date(DateTimeOffset? value)
        {
            if (value is not { } date)
            {
                Literal("null"u8);
                return;
            }

            Ensure(DateLength + 2);
            var span = _buffer.AsSpan(Length);
            var clock = date.DateTime;
            span[0] = (byte)'"';
            Digits(span[1..], clock.Year, 4);
            span[5] = (byte)'-';
            Digits(span[6..], clock.Month, 2);
            span[8] = (byte)'-';
            Digits(span[9..], clock.Day, 2);
            span[11] = (byte)'T';
            Digits(span[12..], clock.Hour, 2);
            span[14] = (byte)':';
            Digits(span[15..], clock.Minute, 2);
            span[17] = (byte)':';
            Digits(span[18..], clock.Second, 2);
            var at = 20;
            var fraction = (int)(clock.Ticks % TimeSpan.TicksPerSecond);
            if (fraction != 0)
            {
                span[at++] = (byte)'.';
                var digits = 7;
                while (fraction % 10 == 0)
                {
                    fraction /= 10;
                    digits--;
                }

                Digits(span[at..], fraction, digits);
                at += digits;
            }

            var offset = date.Offset;
            span[at++] = offset < TimeSpan.Zero ? (byte)'-' : (byte)'+';
            var minutes = Math.Abs((int)offset.TotalMinutes);
            Digits(span[at..], minutes / 60, 2);
            span[at + 2] = (byte)':';
            Digits(span[(at + 3)..], minutes % 60, 2);
            at += 5;
            span[at++] = (byte)'"';
            Length += at;
        }

        /// <summary>An unknown field's value, through <see cref="CanonicalJson"/> (rare, so the simple way).</summary>
        public void Element(JsonElement element)
        {
            var canonical = CanonicalJson.Serialize(JsonNode.Parse(element.GetRawText()));
            Ensure(Encoding.UTF8.GetMaxByteCount(canonical.Length));
            Length += Encoding.UTF8.GetBytes(canonical, _buffer.AsSpan(Length));
        }

        /// <summary>Hashes the content around the reserved checksum gap and fills the gap.</summary>
        public void FillChecksum(int checksumStart, int contentEnd, (StateImage Image, StateHashCheckpoints Checkpoints)? previous, StateHashCheckpoints? record)
        {
            var afterGap = checksumStart + StateImage.ChecksumMemberLength;
            var head = _buffer.AsSpan(0, checksumStart);
            var tail = _buffer.AsSpan(afterGap, contentEnd - afterGap);
            var (hash, hashed) = Resume(head, tail, previous, record);
            Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
            try
            {
                while (hashed < tail.Length)
                {
                    var next = Math.Min(tail.Length, ((hashed / StateHashCheckpoints.Interval) + 1) * StateHashCheckpoints.Interval);
                    hash.AppendData(tail[hashed..next]);
                    hashed = next;
                    if (record is not null && next < tail.Length)
                    {
                        record.Add(next, hash.Clone());
                    }
                }

                hash.GetHashAndReset(digest);
            }
            finally
            {
                hash.Dispose();
            }

            var gap = _buffer.AsSpan(checksumStart, StateImage.ChecksumMemberLength);
            "\"checksum\":\"sha256:"u8.CopyTo(gap);
            var hex = gap[19..];
            for (var i = 0; i < digest.Length; i++)
            {
                hex[2 * i] = HexDigit(digest[i] >> 4);
                hex[(2 * i) + 1] = HexDigit(digest[i] & 0xF);
            }

            gap[^2] = (byte)'"';
            gap[^1] = (byte)',';
        }

        /// <summary>
        /// A hash that has consumed the head and the first <c>hashed</c> bytes of the tail: a copy of the
        /// previous image's last state in front of the first byte that differs, else a fresh one.
        /// </summary>
        private static (IncrementalHash Hash, int Hashed) Resume(ReadOnlySpan<byte> head, ReadOnlySpan<byte> tail, (StateImage Image, StateHashCheckpoints Checkpoints)? previous, StateHashCheckpoints? record)
        {
            if (previous is { } last && last.Image.ChecksumStart == head.Length && head.SequenceEqual(last.Image.Bytes[..head.Length]))
            {
                var lastBytes = last.Image.Bytes;
                var same = tail.CommonPrefixLength(lastBytes[(head.Length + StateImage.ChecksumMemberLength)..^1]);
                (int Offset, IncrementalHash State)? resume = null;
                foreach (var checkpoint in last.Checkpoints.States)
                {
                    if (checkpoint.Offset > same)
                    {
                        break;
                    }

                    record?.Add(checkpoint.Offset, checkpoint.State.Clone());
                    resume = checkpoint;
                }

                if (resume is { } from)
                {
                    return (from.State.Clone(), from.Offset);
                }
            }

            var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            hash.AppendData(head);
            return (hash, 0);
        }

        private static byte HexDigit(int value) => (byte)(value < 10 ? '0' + value : 'a' + value - 10);

        private static void Digits(Span<byte> destination, int value, int count)
        {
            for (var i = count - 1; i >= 0; i--)
            {
                destination[i] = (byte)('0' + (value % 10));
                value /= 10;
            }
        }

        private void Escape(char c)
        {
            _buffer[Length++] = (byte)'\\';
            switch (c)
            {
                case '"':
                    _buffer[Length++] = (byte)'"';
                    break;
                case '\\':
                    _buffer[Length++] = (byte)'\\';
                    break;
                case '\n':
                    _buffer[Length++] = (byte)'n';
                    break;
                case '\r':
                    _buffer[Length++] = (byte)'r';
                    break;
                case '\t':
                    _buffer[Length++] = (byte)'t';
                    break;
                default:
                    _buffer[Length++] = (byte)'u';
                    _buffer[Length++] = HexDigit((c >> 12) & 0xF);
                    _buffer[Length++] = HexDigit((c >> 8) & 0xF);
                    _buffer[Length++] = HexDigit((c >> 4) & 0xF);
                    _buffer[Length++] = HexDigit(c & 0xF);
                    break;
            }
        }

        private void Ensure(int more)
        {
            if (Length + more <= _buffer.Length)
            {
                return;
            }

            var grown = GC.AllocateUninitializedArray<byte>(Math.Max(_buffer.Length * 2, Length + more));
            _buffer.AsSpan(0, Length).CopyTo(grown);
            _buffer = grown;
        }
    }
}
