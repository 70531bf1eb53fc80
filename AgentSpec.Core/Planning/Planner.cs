using AgentSpec.Core.Resources;
using AgentSpec.Core.State;

namespace AgentSpec.Core.Planning;

/// <summary>
/// Compares desired resources with state. Only entries of the package being planned can be deleted:
/// several packages may share one state file and must never touch each other's entries.
/// </summary>
public static class Planner
{
    public static Plan Compute(IEnumerable<Resource> desired, IEnumerable<StateEntry> entries, string package)
    {
        ArgumentNullException.ThrowIfNull(desired);
        ArgumentNullException.ThrowIfNull(entries);
        ArgumentException.ThrowIfNullOrEmpty(package);

        var current = new Dictionary<string, StateEntry>(StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            current[entry.Fqn] = entry;
        }

        var actions = new List<PlanAction>();
        var wanted = new HashSet<string>(StringComparer.Ordinal);
        foreach (var resource in desired)
        {
            var fqn = resource.Fqn;
            if (!wanted.Add(fqn))
            {
                throw new ArgumentException($"Resource {fqn} is desired twice.", nameof(desired));
            }

            actions.Add(Decide(resource, current.GetValueOrDefault(fqn)));
        }

        foreach (var entry in current.Values)
        {
            if (!wanted.Contains(entry.Fqn) && string.Equals(ResourceName.PackageOf(entry.Fqn), package, StringComparison.Ordinal))
            {
                actions.Add(new PlanAction(entry.Fqn, PlanActionKind.Delete, "no longer in the configuration", null, entry));
            }
        }

        actions.Sort((a, b) => string.CompareOrdinal(a.Fqn, b.Fqn));
        return new Plan(package, actions);
    }

    /// <summary>The plan of <c>destroy</c>: every entry of the package is deleted, whatever its status.</summary>
    public static Plan ComputeDestroy(IEnumerable<StateEntry> entries, string package)
    {
        ArgumentNullException.ThrowIfNull(entries);
        ArgumentException.ThrowIfNullOrEmpty(package);
        var actions = entries
            .Where(e => string.Equals(ResourceName.PackageOf(e.Fqn), package, StringComparison.Ordinal))
            .Select(e => new PlanAction(e.Fqn, PlanActionKind.Delete, "destroy requested", null, e))
            .ToList();
        actions.Sort((a, b) => string.CompareOrdinal(a.Fqn, b.Fqn));
        return new Plan(package, actions);
    }

    private static PlanAction Decide(Resource resource, StateEntry? entry)
    {
        if (entry is null)
        {
            return new PlanAction(resource.Fqn, PlanActionKind.Create, "not in state", resource, null);
        }

        // A resource that never reached the target is still a create, however often it was tried.
        if (entry.Status != StateEntryStatus.Applied && entry.LastApplied is null)
        {
            var why = entry.Status == StateEntryStatus.Failed
                ? (string.IsNullOrEmpty(entry.Error) ? "the last attempt failed" : $"the last attempt failed: {entry.Error}")
                : "an earlier apply was interrupted";
            return new PlanAction(resource.Fqn, PlanActionKind.Create, why, resource, entry);
        }

        if (entry.Status == StateEntryStatus.Failed)
        {
            var why = string.IsNullOrEmpty(entry.Error) ? "the last apply failed" : $"the last apply failed: {entry.Error}";
            return new PlanAction(resource.Fqn, PlanActionKind.Update, why, resource, entry);
        }

        if (entry.Status == StateEntryStatus.Pending)
        {
            return new PlanAction(resource.Fqn, PlanActionKind.Update, "an earlier apply was interrupted", resource, entry);
        }

        if (!string.Equals(entry.Hash, resource.Hash, StringComparison.Ordinal))
        {
            return new PlanAction(resource.Fqn, PlanActionKind.Update, "content changed", resource, entry);
        }

        return new PlanAction(resource.Fqn, PlanActionKind.Noop, "up to date", resource, entry);
    }
}
