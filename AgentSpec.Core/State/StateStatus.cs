namespace AgentSpec.Core.State;

/// <summary>
/// The result of <c>state status</c>, gathered without taking the lock. <see cref="Lock"/> is null when
/// nobody holds the lock.
/// </summary>
public sealed record StateStatus
{
    public required StateFileCheck State { get; init; }

    public required StateFileCheck Backup { get; init; }

    /// <summary>Entry counts by status (applied, failed, pending), all three always present; empty counts when the state is not valid.</summary>
    public required IReadOnlyDictionary<string, int> CountsByStatus { get; init; }

    public StateLockStatus? Lock { get; init; }
}
