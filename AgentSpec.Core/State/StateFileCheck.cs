using System.Text.Json.Serialization;
using AgentSpec.Core.State.Format;

namespace AgentSpec.Core.State;

/// <summary>The result of checking one state file (the state or its backup): JSON, schema and checksum.</summary>
public sealed record StateFileCheck
{
    public required string Path { get; init; }

    public required bool Exists { get; init; }

    /// <summary>True when the file exists and passes every check.</summary>
    public required bool Valid { get; init; }

    /// <summary>Missing, valid, damaged, written by a newer AgentSpec, or not a regular file.</summary>
    public required StateFileCondition Condition { get; init; }

    /// <summary>Why the file is not valid (null when valid or missing).</summary>
    public string? Problem { get; init; }

    public string? Version { get; init; }

    /// <summary>The file's serial; for a file that is not valid, the serial it still states, if any.</summary>
    public long? Serial { get; init; }

    public string? Lineage { get; init; }

    public int? EntryCount { get; init; }

    public DateTimeOffset? LastWrite { get; init; }

    /// <summary>Damaged only in its checksum (valid JSON and schema, as after a repair by hand): <c>state recover --accept-checksum-mismatch</c> can re-seal it.</summary>
    public bool Resealable { get; init; }

    /// <summary>Whether the file is damaged (needs recovery), as opposed to missing, valid, newer or not a file.</summary>
    [JsonIgnore]
    public bool IsDamaged => Condition == StateFileCondition.Damaged;

    /// <summary>The check of one stored copy of the state, whatever the backend keeps it in (a file, a Redis key).</summary>
    internal static StateFileCheck Of(string path, StateParse parse, DateTimeOffset? lastWrite) => new()
    {
        Path = path,
        Exists = parse.Outcome != StateParseOutcome.Missing,
        Valid = parse.IsValid,
        Condition = ConditionOf(parse),
        Problem = parse.Problem,
        Version = parse.Version,
        Serial = parse.Document?.Serial ?? parse.SerialHint,
        Lineage = parse.Document?.Lineage,
        EntryCount = parse.Document?.Entries.Count,
        LastWrite = lastWrite,
        Resealable = parse.UnsealedDocument is not null,
    };

    internal static StateFileCondition ConditionOf(StateParse parse) => parse.Outcome switch
    {
        StateParseOutcome.Missing => StateFileCondition.Missing,
        StateParseOutcome.Valid => StateFileCondition.Valid,
        StateParseOutcome.NewerFormat => StateFileCondition.NewerFormat,
        StateParseOutcome.NotARegularFile => StateFileCondition.NotARegularFile,
        _ => StateFileCondition.Damaged,
    };
}
