namespace AgentSpec.Core.State.FileBackend;

/// <summary>
/// What a held lock remembers of the state on disk: its identity for fencing, and its serial, lineage and
/// checksum, so the no-op check of a commit compares checksums and the lock keeps no copy of the entries.
/// </summary>
internal sealed record StateSnapshot(string Version, long Serial, string Lineage, string? Checksum, string? FileId)
{
    public bool IsLegacy => Version == StateDocument.LegacyVersion;

    /// <summary>No state file yet: the first commit creates it.</summary>
    public bool IsMissing => Checksum is null && !IsLegacy;

    /// <summary>No state file and no backup: the first commit creates the state.</summary>
    public static StateSnapshot Missing() => new(StateDocument.CurrentVersion, 0, string.Empty, null, null);

    /// <summary>A valid state read from disk, or one this lock just wrote.</summary>
    public static StateSnapshot Of(StateDocument document, string? fileId) =>
        new(document.Version, document.Serial, document.Lineage, document.Checksum, fileId);
}
