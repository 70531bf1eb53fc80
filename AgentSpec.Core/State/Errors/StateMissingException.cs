namespace AgentSpec.Core.State.Errors;

/// <summary>
/// The state file is missing but its backup exists. Our commit protocol never removes the state path,
/// so someone deleted it (or an older tool crashed mid-write): we do not resurrect it silently.
/// </summary>
public sealed class StateMissingException : StateRecoveryRequiredException
{
    public StateMissingException(string location, string backupPath, long? backupSerial, StateFileCondition backupCondition = StateFileCondition.Valid, string? backupProblem = null)
        : base(
            location,
            $"The state {location} is missing but its backup {backupPath} exists"
            + backupCondition switch
            {
                StateFileCondition.Valid => $" (serial {backupSerial}).",
                StateFileCondition.Damaged => $", damaged ({backupProblem}).",
                StateFileCondition.NewerFormat => $" ({backupProblem}).",
                _ => $", but it is {backupProblem}.",
            },
            backupCondition switch
            {
                StateFileCondition.Valid => $"To restore the backup run `agentspec state recover --from-backup`; if you deleted the state on purpose, delete {backupPath} too.",
                StateFileCondition.NewerFormat => $"Run the newer AgentSpec that wrote {backupPath}: it can restore it. If you deleted the state on purpose, delete {backupPath} too.",
                _ => $"{StateCorruptedException.RestoreCopyHint} If you deleted the state on purpose, delete {backupPath} too.",
            })
    {
        BackupPath = backupPath;
        BackupSerial = backupCondition == StateFileCondition.Valid ? backupSerial : null;
        BackupCondition = backupCondition;
    }

    public string BackupPath { get; }

    /// <summary>Null when the backup is not valid.</summary>
    public long? BackupSerial { get; }

    public StateFileCondition BackupCondition { get; }
}
