namespace AgentSpec.Core.State;

/// <summary>Where <c>state recover</c> takes the state from: the backup, or a file the user names.</summary>
public sealed record StateRecoverySource
{
    private StateRecoverySource(string? filePath) => FilePath = filePath;

    public static StateRecoverySource Backup { get; } = new((string?)null);

    /// <summary>Null for the backup.</summary>
    public string? FilePath { get; }

    public bool IsBackup => FilePath is null;

    public static StateRecoverySource FromFile(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        return new StateRecoverySource(Path.GetFullPath(path));
    }
}
