using AgentSpec.Core.State.Errors;

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

    /// <summary>False when there is no current state file (the recovery creates it).</summary>
    public required bool CurrentExists { get; init; }

    /// <summary>Why the current state cannot be read (damaged, missing); null when it is valid.</summary>
    public string? CurrentProblem { get; init; }

    /// <summary>
    /// The source's checksum problem that <see cref="StateRecoverySource.AcceptChecksumMismatch"/> accepted
    /// (the source is then re-sealed as it reads); null when the source is sealed.
    /// </summary>
    public string? SourceChecksumProblem { get; init; }

    /// <summary>False when both are readable and their lineages differ: recovering then needs explicit consent.</summary>
    public required bool LineageMatches { get; init; }

    /// <summary>The serial the restored state will be committed with: above every serial the current state, the backup and the source state (damaged files included, as far as they can be read).</summary>
    public required long NewSerial { get; init; }

    public required IReadOnlyList<StateEntryChange> Lost { get; init; }

    public required IReadOnlyList<StateEntryChange> Added { get; init; }

    /// <summary>Identity of the current state file when the plan was made; recovery refuses if it changed since.</summary>
    internal string? CurrentFileId { get; init; }

    /// <summary>
    /// Refuses a source of another lineage unless <paramref name="allowLineageChange"/>: recovery checks this,
    /// and a caller can check it before asking for confirmation.
    /// </summary>
    /// <exception cref="StateRecoveryRejectedException">The lineages differ and the change was not allowed.</exception>
    public void EnsureLineageAllowed(bool allowLineageChange)
    {
        if (!LineageMatches && !allowLineageChange)
        {
            throw new StateRecoveryRejectedException(
                CurrentPath,
                $"{SourcePath} belongs to another state (lineage {Source.Lineage}; the current state has lineage {Current?.Lineage}). Nothing was changed.",
                "If replacing the state with it is intended, run the command again with --allow-lineage-change (the state then takes the source's lineage).");
        }
    }
}
