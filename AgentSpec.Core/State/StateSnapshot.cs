namespace AgentSpec.Core.State;

/// <summary>
/// What a held lock remembers of the state on disk: its identity for fencing, its serial and lineage,
/// its content as a <see cref="StateImage"/> (so the no-op check of a commit compares bytes and the lock
/// keeps no copy of thousands of entries) and the image's hash states for the next commit. Owns the
/// hash states: <see cref="Dispose"/> when the snapshot is replaced.
/// </summary>
internal sealed class StateSnapshot : IDisposable
{
    private StateSnapshot(string version, long serial, string lineage, StateImage? image, StateHashCheckpoints? checkpoints, string? fileId)
    {
        Version = version;
        Serial = serial;
        Lineage = lineage;
        Image = image;
        Checkpoints = checkpoints;
        FileId = fileId;
    }

    public string Version { get; }

    public long Serial { get; }

    public string Lineage { get; }

    /// <summary>Null only for a state that was never committed (no file).</summary>
    public StateImage? Image { get; }

    public StateHashCheckpoints? Checkpoints { get; }

    /// <summary>The state file's identity ("device:inode"), null when there is no file.</summary>
    public string? FileId { get; }

    public bool IsLegacy => Version == StateDocument.LegacyVersion;

    /// <summary>The image and its hash states, for hashing the next image from where they differ.</summary>
    public (StateImage Image, StateHashCheckpoints Checkpoints)? Previous =>
        Image is not null && Checkpoints is not null ? (Image, Checkpoints) : null;

    /// <summary>No state file and no backup: the first commit creates the state.</summary>
    public static StateSnapshot Missing() => new(StateDocument.CurrentVersion, 0, string.Empty, null, null, null);

    /// <summary>A valid state read from disk, from the reader's result (whose hash states it takes over).</summary>
    public static StateSnapshot Loaded(StateDocument document, StateParse parse, string fileId)
    {
        if (parse.Image is not null)
        {
            return new(document.Version, document.Serial, document.Lineage, parse.Image, parse.Checkpoints, fileId);
        }

        // A file in an earlier form: its content as this version writes it.
        var checkpoints = new StateHashCheckpoints();
        var image = StateCanonicalWriter.Write(document, record: checkpoints);
        return new(document.Version, document.Serial, document.Lineage, image, checkpoints, fileId);
    }

    /// <summary>A state this lock just wrote.</summary>
    public static StateSnapshot Written(StateDocument document, StateImage image, StateHashCheckpoints? checkpoints, string? fileId) =>
        new(document.Version, document.Serial, document.Lineage, image, checkpoints, fileId);

    public void Dispose() => Checkpoints?.Dispose();
}
