using System.Text.Json.Serialization;
using AgentSpec.Core.Apply;

namespace AgentSpec.Cli.Runtime;

/// <summary>Source-generated snake_case JSON for the runtime API, as the client writes and reads it.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(RuntimeHealth))]
[JsonSerializable(typeof(AgentDeployment))]
[JsonSerializable(typeof(AgentList))]
[JsonSerializable(typeof(DeployedAgentDetails))]
[JsonSerializable(typeof(AgentDefinition))]
[JsonSerializable(typeof(CreatedSession))]
[JsonSerializable(typeof(ChatReply))]
[JsonSerializable(typeof(HistoryPage))]
[JsonSerializable(typeof(SessionList))]
[JsonSerializable(typeof(ErrorBody))]
[JsonSerializable(typeof(CreateSessionBody))]
[JsonSerializable(typeof(SendMessageBody))]
[JsonSerializable(typeof(InvokeBody))]
internal sealed partial class RuntimeClientJsonContext : JsonSerializerContext;
