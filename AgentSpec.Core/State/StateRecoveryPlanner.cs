using AgentSpec.Core.State.Format;

namespace AgentSpec.Core.State;

/// <summary>Compares a recovery source with the current state: what would be lost, what comes back.</summary>
internal static class StateRecoveryPlanner
{
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
