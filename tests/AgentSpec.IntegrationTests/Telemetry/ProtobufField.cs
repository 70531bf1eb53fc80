using System.Text;

namespace AgentSpec.IntegrationTests.Telemetry;

/// <summary>One field of a protobuf message: its number, wire type, numeric value and (for length-delimited fields) bytes.</summary>
public readonly record struct ProtobufField(int Number, int WireType, ulong Value, ReadOnlyMemory<byte> Bytes)
{
    public string Text => Encoding.UTF8.GetString(Bytes.Span);
}
