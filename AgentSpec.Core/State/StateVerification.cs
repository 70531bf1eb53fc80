namespace AgentSpec.Core.State;

/// <summary>
/// The result of <c>state verify</c>. <see cref="NeedsRecovery"/>: a file is damaged, or the state is missing
/// while a backup exists (CLI exit code 4). <see cref="IsHealthy"/>: nothing needs recovery and every file
/// that exists is valid (a missing state or backup is fine); a file written by a newer AgentSpec or a
/// non-regular file at a state path is neither healthy nor damage (CLI exit code 1).
/// </summary>
public sealed record StateVerification(StateFileCheck State, StateFileCheck Backup)
{
    public bool NeedsRecovery =>
        State.IsDamaged
        || Backup.IsDamaged
        || (!State.Exists && Backup.Exists);

    public bool IsHealthy =>
        !NeedsRecovery
        && (State.Valid || !State.Exists)
        && (Backup.Valid || !Backup.Exists);
}
