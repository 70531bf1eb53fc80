using AgentSpec.Core.State.Errors;
using AgentSpec.Core.State.Format;

namespace AgentSpec.Core.State;

/// <summary>
/// The backend-neutral part of <c>state recover</c>: whether a source can be restored, the plan that compares it
/// with the current state, and the document a confirmed plan commits. The backends supply where the source and
/// the current state come from and the highest serial still readable (docs/state-recovery.md).
/// </summary>
internal static class StateRecoveryPlanner
{
    /// <summary>
    /// The document a recovery source provides, or why it cannot be one. A source whose only problem is its
    /// checksum is accepted when the caller asked to re-seal it.
    /// </summary>
    /// <param name="location">The state the recovery is for (named in the errors).</param>
    /// <param name="damagedHint">What to do instead when the source is damaged beyond its checksum (where else copies are kept).</param>
    /// <exception cref="StateRecoveryRejectedException">The source is missing, damaged, newer or not a file.</exception>
    public static StateDocument AcceptSource(string location, StateRecoverySource source, string sourcePath, StateParse parse, string damagedHint)
    {
        switch (parse.Outcome)
        {
            case StateParseOutcome.Valid:
                return parse.Document!;
            case StateParseOutcome.Missing:
                throw new StateRecoveryRejectedException(
                    location,
                    $"There is nothing to recover from: {sourcePath} does not exist.",
                    source.IsBackup ? "Restore a copy kept elsewhere with `agentspec state recover --from FILE`." : "Check the path.");
            case StateParseOutcome.NewerFormat:
                throw new StateRecoveryRejectedException(location, $"Cannot recover from {sourcePath}: it was {parse.Problem}, which this AgentSpec cannot read.", "Run the newer AgentSpec that wrote it.");
            case StateParseOutcome.NotARegularFile:
                throw new StateRecoveryRejectedException(location, $"Cannot recover from {sourcePath}: it is {parse.Problem}.", "Name the state file itself.");
        }

        if (parse.UnsealedDocument is { } unsealed)
        {
            if (source.AcceptChecksumMismatch)
            {
                return unsealed;
            }

            throw new StateRecoveryRejectedException(
                location,
                $"Cannot recover from {sourcePath}: it is damaged ({parse.Problem}), although its JSON and schema are valid.",
                "If it was repaired by hand and its content is right, re-seal it: add --accept-checksum-mismatch (the preview shows what would be restored before anything changes).");
        }

        throw new StateRecoveryRejectedException(location, $"Cannot recover from {sourcePath}: it is damaged ({parse.Problem}).", damagedHint);
    }

    /// <summary>What restoring <paramref name="source"/> over the current state would do.</summary>
    /// <param name="highestSerial">
    /// The highest serial still readable anywhere the backend keeps this state (damaged copies included, as far as
    /// they can be read): the restored state is committed above it, so no two different states ever share a serial.
    /// </param>
    /// <param name="missingProblem">How the backend says that there is no current state.</param>
    /// <param name="currentIdentity">The current state's identity, checked again when the plan is carried out.</param>
    public static StateRecoveryPlan Plan(
        string location,
        string sourcePath,
        StateParse sourceParse,
        StateDocument source,
        StateParse currentParse,
        long highestSerial,
        string missingProblem,
        string? currentIdentity)
    {
        var current = currentParse.Document;
        var (lost, added) = Compare(current, source);
        return new StateRecoveryPlan
        {
            SourcePath = sourcePath,
            Source = source,
            SourceChecksumProblem = sourceParse.IsValid ? null : sourceParse.Problem,
            CurrentPath = location,
            Current = current,
            CurrentExists = currentParse.Outcome != StateParseOutcome.Missing,
            CurrentProblem = currentParse.Outcome switch
            {
                StateParseOutcome.Missing => missingProblem,
                StateParseOutcome.Valid => null,
                _ => currentParse.Problem,
            },
            LineageMatches = current is null
                || string.IsNullOrEmpty(current.Lineage)
                || string.IsNullOrEmpty(source.Lineage)
                || string.Equals(current.Lineage, source.Lineage, StringComparison.Ordinal),
            NewSerial = StateCommitPreparation.NextSerial(highestSerial, location),
            Lost = lost,
            Added = added,
            CurrentFileId = currentIdentity,
        };
    }

    /// <summary>
    /// The document a confirmed plan commits: the source's entries at the plan's serial, in the current format,
    /// with the source's lineage (else the current one's, else a new one); the checksum is the commit's.
    /// </summary>
    public static StateDocument Restored(StateRecoveryPlan plan)
    {
        var restored = plan.Source.Clone();
        restored.Version = StateDocument.CurrentVersion;
        restored.Serial = plan.NewSerial;
        restored.Checksum = null;
        restored.Lineage = !string.IsNullOrEmpty(restored.Lineage) ? restored.Lineage
            : !string.IsNullOrEmpty(plan.Current?.Lineage) ? plan.Current!.Lineage
            : Guid.NewGuid().ToString();
        return restored;
    }

    /// <summary>Current entries that would disappear or change, and entries that would come back.</summary>
    public static (IReadOnlyList<StateEntryChange> Lost, IReadOnlyList<StateEntryChange> Added) Compare(StateDocument? current, StateDocument source)
    {
        var lost = new List<StateEntryChange>();
        var added = new List<StateEntryChange>();
        var currentEntries = current?.Entries ?? [];
        foreach (var entry in currentEntries)
        {
            var restored = source.Find(entry.Fqn);
            if (restored is null || !SameContent(entry, restored))
            {
                lost.Add(new StateEntryChange(entry.Fqn, entry.Clone(), restored?.Clone()));
            }
        }

        foreach (var entry in source.Entries)
        {
            if (current?.Find(entry.Fqn) is null)
            {
                added.Add(new StateEntryChange(entry.Fqn, null, entry.Clone()));
            }
        }

        return (lost, added);
    }

    private static bool SameContent(StateEntry a, StateEntry b) =>
        StateContent.Of(new StateDocument { Entries = [a] }).Checksum() == StateContent.Of(new StateDocument { Entries = [b] }).Checksum();
}
