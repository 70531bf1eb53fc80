namespace AgentSpec.Core.State;

/// <summary>
/// What a held lock remembers of the state on disk: its identity for fencing, its serial and lineage,
/// and its content as a <see cref="StateImage"/>, so the no-op check of a commit compares bytes and
/// the lock keeps no copy of thousands of entries.
/// </summary>
internal sealed class StateSnapshot
{
    private StateSnapshot(string version, long serial, string lineage, StateImage? image, string? fileId)
    {
        Version = version;
        Serial = serial;
        Lineage = lineage;
        Image = image;
        FileId = fileId;
    }

    public string Version { get; }

    public long Serial { get; }

    public string Lineage { get; }

    /// <summary>Null only for a state that was never committed (no file).</summary>
    public StateImage? Image { get; }

    /// <summary>The state file's identity ("device:inode"), null when there is no file.</summary>
    public string? FileId { get; }

    public bool IsLegacy => Version == StateDocument.LegacyVersion;

    /// <summary>No state file and no backup: the first commit creates the state.</summary>
    public static StateSnapshot Missing() => new(StateDocument.CurrentVersion, 0, string.Empty, null, null);

    /// <summary>A valid state read from disk; <paramref name="image"/> is its file when that was already in this version's form.</summary>
    public static StateSnapshot Loaded(StateDocument document, StateImage? image, string fileId) =>
        new(document.Version, document.Serial, document.Lineage, image ?? StateCanonicalWriter.Write(document), fileId);

    /// <summary>A state this lock just wrote.</summary>
    public static StateSnapshot Written(StateDocument document, StateImage image, string? fileId) =>
        new(document.Version, document.Serial, document.Lineage, image, fileId);
}
