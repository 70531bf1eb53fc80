namespace AgentSpec.Core.State;

/// <summary>What automatic recovery did: the damaged state was quarantined and the backup restored.</summary>
public sealed record StateBackupRestore(
    string Reason,
    string QuarantinedAs,
    string BackupPath,
    long RestoredSerial,
    long CommittedSerial)
{
    public string Describe() =>
        $"The state was damaged ({Reason}); it was kept as {QuarantinedAs} and the backup with serial {RestoredSerial} was restored (now serial {CommittedSerial}).";
}
