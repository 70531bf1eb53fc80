using System.Text.Json;
using System.Text.Json.Serialization;
using AgentSpec.Core.Resources;
using AgentSpec.Core.State;

namespace AgentSpec.Benchmarks.Micro;

/// <summary>
/// State serialisation as the product's internal <c>StateSerializer.Serialize</c> does it (checksum =
/// canonical-JSON SHA-256 without the checksum field, then indented JSON and a final newline). Core
/// exposes no public serialiser, so the micro-benchmark mirrors it with the same public building blocks.
/// </summary>
internal static class StateBytes
{
    public static byte[] Serialize(StateDocument document)
    {
        var node = JsonSerializer.SerializeToNode(document, StateBytesJsonContext.Default.StateDocument)!.AsObject();
        node.Remove("checksum");
        document.Checksum = CanonicalJson.Hash(node);
        var json = JsonSerializer.SerializeToUtf8Bytes(document, StateBytesJsonContext.Default.StateDocument);
        var bytes = new byte[json.Length + 1];
        json.CopyTo(bytes, 0);
        bytes[^1] = (byte)'\n';
        return bytes;
    }
}

[JsonSourceGenerationOptions(WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(StateDocument))]
internal sealed partial class StateBytesJsonContext : JsonSerializerContext;
