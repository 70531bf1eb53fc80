using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace AgentSpec.Runtime.Tools;

/// <summary>JSON of tool inputs and results; <see cref="Readable"/> writes input as people and tools read it (no \u0027 for a quote).</summary>
[JsonSerializable(typeof(JsonObject))]
[JsonSerializable(typeof(JsonNode))]
internal sealed partial class ToolJsonContext : JsonSerializerContext
{
    public static JsonSerializerOptions Readable { get; } = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
}
