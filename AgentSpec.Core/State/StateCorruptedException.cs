namespace AgentSpec.Core.State;

/// <summary>
/// The state and its backup are both damaged (or the state is damaged and there is no backup). The
/// damaged state was quarantined as <see cref="QuarantinedAs"/> and left in place.
/// </summary>
public sealed class StateCorruptedException : StateRecoveryRequiredException
{
    public StateCorruptedException(string location, string reason, string? quarantinedAs, string backupPath, string? backupProblem)
        : base(
            location,
            $"The state {location} is damaged ({reason}) and "
            + (backupProblem is null ? $"there is no backup at {backupPath}." : $"its backup {backupPath} is damaged too ({backupProblem}).")
            + (quarantinedAs is null ? string.Empty : $" A copy was kept as {quarantinedAs}."),
            $"Restore a good copy with `agentspec state recover --from <file>` (for example a quarantined or archived state), "
            + $"or inspect the files with `agentspec state verify`.")
    {
        Reason = reason;
        QuarantinedAs = quarantinedAs;
        BackupPath = backupPath;
        BackupProblem = backupProblem;
    }

    public string Reason { get; }

    public string? QuarantinedAs { get; }

    public string BackupPath { get; }

    /// <summary>Why the backup is unusable; null when there is none.</summary>
    public string? BackupProblem { get; }
}
