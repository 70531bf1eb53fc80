namespace AgentSpec.IntegrationTests.Telemetry;

/// <summary>
/// Just enough of the protobuf wire format to read OTLP requests (varint, 64-bit, length-delimited and
/// 32-bit fields); unknown fields are skipped, as protobuf readers must.
/// </summary>
public static class ProtobufReader
{
    public const int Varint = 0;
    public const int Fixed64 = 1;
    public const int LengthDelimited = 2;
    public const int Fixed32 = 5;

    public static IEnumerable<ProtobufField> Fields(ReadOnlyMemory<byte> message)
    {
        var position = 0;
        while (position < message.Length)
        {
            var key = ReadVarint(message.Span, ref position);
            var number = (int)(key >> 3);
            var wireType = (int)(key & 7);
            switch (wireType)
            {
                case Varint:
                    yield return new ProtobufField(number, wireType, ReadVarint(message.Span, ref position), ReadOnlyMemory<byte>.Empty);
                    break;
                case Fixed64:
                    yield return new ProtobufField(number, wireType, BitConverter.ToUInt64(message.Span.Slice(position, 8)), message.Slice(position, 8));
                    position += 8;
                    break;
                case LengthDelimited:
                    var length = checked((int)ReadVarint(message.Span, ref position));
                    yield return new ProtobufField(number, wireType, (ulong)length, message.Slice(position, length));
                    position += length;
                    break;
                case Fixed32:
                    yield return new ProtobufField(number, wireType, BitConverter.ToUInt32(message.Span.Slice(position, 4)), message.Slice(position, 4));
                    position += 4;
                    break;
                default:
                    throw new FormatException($"Unsupported protobuf wire type {wireType} for field {number}.");
            }
        }
    }

    private static ulong ReadVarint(ReadOnlySpan<byte> buffer, ref int position)
    {
        ulong result = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            var b = buffer[position++];
            result |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                return result;
            }
        }

        throw new FormatException("A protobuf varint is longer than 10 bytes.");
    }
}
