namespace AgentSpec.Core.State;

/// <summary>
/// What <c>state recover</c> would do, for the user to confirm. <see cref="Lost"/> lists current entries
/// that would disappear or change; <see cref="Added"/> entries that come back. When the current state
/// is damaged or missing its fields are null and <see cref="CurrentProblem"/> says why.
/// </summary>
public sealed record StateRecoveryPlan
{
    public required string SourcePath { get; init; }

    public required StateDocument Source { get; init; }

    public required string CurrentPath { get; init; }

    public StateDocument? Current { get; init; }

    /// <summary>Why the current state cannot be read (damaged, missing); null when it is valid.</summary>
    public string? CurrentProblem { get; init; }

    /// <summary>False when both are readable and their lineages differ: recovering then needs explicit consent.</summary>
    public required bool LineageMatches { get; init; }

    /// <summary>The serial the restored state will be committed with.</summary>
    public required long NewSerial { get; init; }

    public required IReadOnlyList<StateEntryChange> Lost { get; init; }

    public required IReadOnlyList<StateEntryChange> Added { get; init; }

    /// <summary>Identity of the current state file when the plan was made; recovery refuses if it changed since.</summary>
    internal string? CurrentFileId { get; init; }
}
