using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace AgentSpec.Runtime.Tools;

[JsonSerializable(typeof(JsonObject))]
[JsonSerializable(typeof(JsonNode))]
internal sealed partial class ToolJsonContext : JsonSerializerContext;
