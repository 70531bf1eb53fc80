namespace AgentSpec.Core.State;

/// <summary>
/// The state file is missing but its backup exists. Our commit protocol never removes the state path,
/// so someone deleted it (or an older tool crashed mid-write): we do not resurrect it silently.
/// </summary>
public sealed class StateMissingException : StateRecoveryRequiredException
{
    public StateMissingException(string location, string backupPath, long? backupSerial)
        : base(
            location,
            $"The state {location} is missing but its backup {backupPath} exists"
            + (backupSerial is null ? " (and is damaged)." : $" (serial {backupSerial})."),
            $"To restore the backup run `agentspec state recover --from-backup`; if you deleted the state on purpose, delete {backupPath} too.")
    {
        BackupPath = backupPath;
        BackupSerial = backupSerial;
    }

    public string BackupPath { get; }

    /// <summary>Null when the backup is damaged.</summary>
    public long? BackupSerial { get; }
}
