using System.Text;

namespace AgentSpec.Core.State;

/// <summary>
/// The bytes of a state file as this version writes it: the canonical JSON of the whole document,
/// checksum included (keys sorted by UTF-8 bytes, no whitespace), and a final newline. Without its
/// <c>"checksum":"sha256:…",</c> member those bytes are exactly what the checksum covers, so one
/// serialization pass yields both the file and the hashed text. The buffer is never changed once the
/// image exists; only its owner (a held lock) reuses the array, once the image is gone.
/// </summary>
internal sealed class StateImage
{
    /// <summary><c>"checksum":"sha256:</c> + 64 hex digits + <c>",</c>. Entries always follow, so the member always ends with a comma.</summary>
    public const int ChecksumMemberLength = 85;

    private const int ChecksumValueOffset = 12;
    private const int ChecksumValueLength = 71;

    private readonly byte[] _buffer;

    public StateImage(byte[] buffer, int length, int checksumStart, int serialStart, int serialLength)
    {
        _buffer = buffer;
        Length = length;
        ChecksumStart = checksumStart;
        SerialStart = serialStart;
        SerialLength = serialLength;
    }

    public int Length { get; }

    /// <summary>Where the checksum member starts.</summary>
    public int ChecksumStart { get; }

    /// <summary>Where the digits of the serial start.</summary>
    public int SerialStart { get; }

    public int SerialLength { get; }

    public ReadOnlySpan<byte> Bytes => _buffer.AsSpan(0, Length);

    /// <summary>The array under the image, for its owner to reuse once the image is no longer needed.</summary>
    public byte[] Buffer => _buffer;

    /// <summary>The checksum written in the file (<c>sha256:</c> + hex).</summary>
    public string Checksum => Encoding.ASCII.GetString(_buffer, ChecksumStart + ChecksumValueOffset, ChecksumValueLength);

    /// <summary>Whether both images hold the same content: everything but the checksum and the serial (which the content decides, and the commit sets).</summary>
    public bool SameContent(StateImage other)
    {
        ArgumentNullException.ThrowIfNull(other);
        var mine = Bytes;
        var theirs = other.Bytes;
        var mineAfterChecksum = ChecksumStart + ChecksumMemberLength;
        var theirsAfterChecksum = other.ChecksumStart + ChecksumMemberLength;
        return ChecksumStart == other.ChecksumStart
            && mine[..ChecksumStart].SequenceEqual(theirs[..other.ChecksumStart])
            && mine[mineAfterChecksum..SerialStart].SequenceEqual(theirs[theirsAfterChecksum..other.SerialStart])
            && mine[(SerialStart + SerialLength)..].SequenceEqual(theirs[(other.SerialStart + other.SerialLength)..]);
    }
}
