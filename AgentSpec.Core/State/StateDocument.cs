using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace AgentSpec.Core.State;

/// <summary>
/// The state file (format "2", docs/state.md, 'Format "2"'). <see cref="Serial"/> grows on every commit
/// that changes content; <see cref="Lineage"/> is fixed at creation. Unknown top-level fields are kept
/// in <see cref="Extra"/> and written back.
/// </summary>
public sealed class StateDocument
{
    public const string CurrentVersion = "2";
    public const string LegacyVersion = "1.0";

    [JsonPropertyName("version")]
    public string Version { get; set; } = CurrentVersion;

    [JsonPropertyName("serial")]
    public long Serial { get; set; }

    [JsonPropertyName("lineage")]
    public string Lineage { get; set; } = string.Empty;

    [JsonPropertyName("checksum")]
    public string? Checksum { get; set; }

    [JsonPropertyName("entries")]
    public List<StateEntry> Entries { get; set; } = [];

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }

    /// <summary>
    /// Whether <paramref name="version"/> is a format a newer AgentSpec writes: a number above
    /// <see cref="CurrentVersion"/> ("3", "2.1"). Such a file is left alone; any other unknown version is damage.
    /// </summary>
    public static bool IsNewerVersion(string version) =>
        decimal.TryParse(version, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number)
        && number > decimal.Parse(CurrentVersion, CultureInfo.InvariantCulture);

    /// <summary>A state that has never been committed: serial 0, no lineage yet.</summary>
    public static StateDocument Empty() => new();

    [JsonIgnore]
    public bool IsEmpty => Entries.Count == 0 && Serial == 0;

    public StateEntry? Find(string fqn)
    {
        var index = IndexOf(fqn);
        return index >= 0 ? Entries[index] : null;
    }

    /// <summary>Inserts or replaces an entry, keeping entries sorted by FQN (ordinal).</summary>
    public void Upsert(StateEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var index = IndexOf(entry.Fqn);
        if (index >= 0)
        {
            Entries[index] = entry;
        }
        else
        {
            Entries.Insert(~index, entry);
        }
    }

    public bool Remove(string fqn)
    {
        var index = IndexOf(fqn);
        if (index < 0)
        {
            return false;
        }

        Entries.RemoveAt(index);
        return true;
    }

    public void SortEntries() => Entries.Sort(FqnOrder);

    public StateDocument Clone() => new()
    {
        Version = Version,
        Serial = Serial,
        Lineage = Lineage,
        Checksum = Checksum,
        Entries = Entries.ConvertAll(e => e.Clone()),
        Extra = Extra is null ? null : new Dictionary<string, JsonElement>(Extra, StringComparer.Ordinal),
    };

    /// <summary>The ordinal FQN order entries are kept in.</summary>
    public static IComparer<StateEntry> FqnOrder { get; } = Comparer<StateEntry>.Create((a, b) => string.CompareOrdinal(a.Fqn, b.Fqn));

    private int IndexOf(string fqn) => Entries.BinarySearch(new StateEntry { Fqn = fqn }, FqnOrder);
}
