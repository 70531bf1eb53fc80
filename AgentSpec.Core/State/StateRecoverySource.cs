namespace AgentSpec.Core.State;

/// <summary>
/// Where <c>state recover</c> takes the state from: the backup (the newest previous generation), a kept
/// generation by serial (<c>--serial N</c>), or a file the user names.
/// </summary>
public sealed record StateRecoverySource
{
    private StateRecoverySource(string? filePath, long? serial = null)
    {
        FilePath = filePath;
        Serial = serial;
    }

    public static StateRecoverySource Backup { get; } = new((string?)null);

    /// <summary>Null for the backup and for a generation.</summary>
    public string? FilePath { get; }

    /// <summary>
    /// The serial of the kept generation to restore; null for the backup and for a file. The file backend keeps
    /// one generation (its <c>.bak</c>); the Redis backend keeps several (docs/state.md, "Redis backend").
    /// </summary>
    public long? Serial { get; }

    public bool IsBackup => FilePath is null && Serial is null;

    /// <summary>The kept previous generation with this serial.</summary>
    public static StateRecoverySource FromSerial(long serial)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(serial, 1);
        return new StateRecoverySource(null, serial);
    }

    /// <summary>
    /// Accept a source whose only problem is its checksum (missing, or not matching the content, as after a
    /// repair by hand): it is restored as it reads and sealed with a new checksum. Everything else about it
    /// (JSON, schema, serial, lineage, entries) must be valid. The plan says so (<see cref="StateRecoveryPlan.SourceChecksumProblem"/>).
    /// </summary>
    public bool AcceptChecksumMismatch { get; init; }

    public static StateRecoverySource FromFile(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        return new StateRecoverySource(Path.GetFullPath(path));
    }
}
