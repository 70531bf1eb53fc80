using System.Text.Encodings.Web;
using System.Text.Json;
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
[JsonSerializable(typeof(IReadOnlyList<StateFileCheck>))]
[JsonSerializable(typeof(StateUnlockJson))]
[JsonSerializable(typeof(StateMigrationJson))]
internal sealed partial class StateJsonContext : JsonSerializerContext
{
    /// <summary>Like <see cref="Default"/>, but quotes, &lt; &gt; &amp; and non-ASCII text stay readable: this JSON is printed, not embedded in HTML.</summary>
    public static StateJsonContext Relaxed { get; } = new(new JsonSerializerOptions { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
}

internal sealed record StateVerificationJson(bool Healthy, StateFileCheck State, StateFileCheck Backup);

internal sealed record StateRecoveryJson(string Status, string Source, long? RestoredSerial, long NewSerial, IReadOnlyList<string> Lost, IReadOnlyList<string> Added);

internal sealed record StateUnlockJson(string LockId, int Pid, string Hostname, string Operation);

internal sealed record StateMigrationJson(
    string Status,
    string From,
    string To,
    long Serial,
    string Lineage,
    int Entries,
    long ReplacedSerial,
    IReadOnlyList<string> Flags,
    IReadOnlyDictionary<string, string> Environment);
