namespace AgentSpec.Core.State.Errors;

/// <summary>
/// The state is damaged and its backup cannot replace it (missing, damaged too, or written by a newer
/// AgentSpec). The damaged state was quarantined as <see cref="QuarantinedAs"/> and left in place.
/// </summary>
public sealed class StateCorruptedException : StateRecoveryRequiredException
{
    /// <summary>The hint when no automatic source is usable: a valid copy from elsewhere, or a copy repaired by hand and re-sealed.</summary>
    public const string RestoreCopyHint =
        "Restore a valid copy kept elsewhere (an archive, a CI artifact, version control) with `agentspec state recover --from FILE`, "
        + "checking it first with `agentspec state verify --state-file FILE`. Quarantined copies are damaged: "
        + "one you repaired by hand is restored with `agentspec state recover --from FILE --accept-checksum-mismatch`.";

    public StateCorruptedException(string location, string reason, string? quarantinedAs, string backupPath, StateFileCondition backupCondition, string? backupProblem)
        : base(
            location,
            $"The state {location} is damaged ({reason}) and "
            + backupCondition switch
            {
                StateFileCondition.Missing => $"there is no backup at {backupPath}.",
                StateFileCondition.Damaged => $"its backup {backupPath} is damaged too ({backupProblem}).",
                StateFileCondition.NewerFormat => $"its backup {backupPath} cannot be restored by this AgentSpec: it was {backupProblem}.",
                _ => $"its backup {backupPath} cannot be restored: it is {backupProblem}.",
            }
            + (quarantinedAs is null ? string.Empty : $" A copy was kept as {quarantinedAs}."),
            backupCondition == StateFileCondition.NewerFormat
                ? $"Run the newer AgentSpec that wrote {backupPath}: it can restore it. Or: {RestoreCopyHint}"
                : RestoreCopyHint)
    {
        Reason = reason;
        QuarantinedAs = quarantinedAs;
        BackupPath = backupPath;
        BackupCondition = backupCondition;
        BackupProblem = backupCondition == StateFileCondition.Missing ? null : backupProblem;
    }

    public string Reason { get; }

    public string? QuarantinedAs { get; }

    public string BackupPath { get; }

    /// <summary>Why the backup could not be used instead: missing, damaged, newer format, not a regular file.</summary>
    public StateFileCondition BackupCondition { get; }

    /// <summary>Why the backup is unusable; null when there is none.</summary>
    public string? BackupProblem { get; }
}
