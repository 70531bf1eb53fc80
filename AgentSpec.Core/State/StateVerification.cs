namespace AgentSpec.Core.State;

/// <summary>
/// The result of <c>state verify</c>. Healthy means: no file is damaged (a missing state or backup is
/// fine), and the state is not missing while a backup exists.
/// </summary>
public sealed record StateVerification(StateFileCheck State, StateFileCheck Backup)
{
    public bool IsHealthy =>
        (State.Valid || !State.Exists)
        && (Backup.Valid || !Backup.Exists)
        && (State.Exists || !Backup.Exists);
}
