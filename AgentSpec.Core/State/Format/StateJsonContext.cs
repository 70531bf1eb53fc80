using System.Text.Json.Serialization;

namespace AgentSpec.Core.State.Format;

/// <summary>Source-generated JSON for the state file and the lock holder information.</summary>
[JsonSourceGenerationOptions(WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(StateDocument))]
[JsonSerializable(typeof(StateLockHolderInfo))]
internal sealed partial class StateJsonContext : JsonSerializerContext;
