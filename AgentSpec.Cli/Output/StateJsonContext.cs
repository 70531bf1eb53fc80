using System.Text.Json.Serialization;
using AgentSpec.Core.State;

namespace AgentSpec.Cli.Output;

/// <summary>JSON of the <c>state</c> commands: the Core records as they are, in snake_case.</summary>
[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(StateStatus))]
[JsonSerializable(typeof(StateVerificationJson))]
[JsonSerializable(typeof(StateRecoveryJson))]
[JsonSerializable(typeof(IReadOnlyList<StateEntry>))]
[JsonSerializable(typeof(StateEntry))]
[JsonSerializable(typeof(StateUnlockJson))]
internal sealed partial class StateJsonContext : JsonSerializerContext;

internal sealed record StateVerificationJson(bool Healthy, StateFileCheck State, StateFileCheck Backup);

internal sealed record StateRecoveryJson(string Status, string Source, long? RestoredSerial, long NewSerial, IReadOnlyList<string> Lost, IReadOnlyList<string> Added);

internal sealed record StateUnlockJson(string LockId, int Pid, string Hostname, string Operation);
