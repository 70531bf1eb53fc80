namespace AgentSpec.Core.State;

/// <summary>Where <c>state recover</c> takes the state from: the backup, or a file the user names.</summary>
public sealed record StateRecoverySource
{
    private StateRecoverySource(string? filePath) => FilePath = filePath;

    public static StateRecoverySource Backup { get; } = new((string?)null);

    /// <summary>Null for the backup.</summary>
    public string? FilePath { get; }

    public bool IsBackup => FilePath is null;

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
