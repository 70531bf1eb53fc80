using AgentSpec.Core.Resources;

namespace AgentSpec.Core.Apply;

/// <summary>Chooses the deploy block of a package that an apply uses.</summary>
public static class DeployTargetSelection
{
    /// <summary>
    /// The deploy block named <paramref name="name"/>, else the one marked <c>default true</c>, else the
    /// only one. Ambiguity and absence are errors that say how to fix them.
    /// </summary>
    public static DeployTarget Select(LoweredPackage package, string? name)
    {
        ArgumentNullException.ThrowIfNull(package);
        var targets = package.DeployTargets;
        if (!string.IsNullOrEmpty(name))
        {
            return targets.FirstOrDefault(t => string.Equals(t.Name, name, StringComparison.Ordinal))
                ?? throw new DeployTargetSelectionException(
                    $"Package \"{package.Name}\" has no deploy block named \"{name}\".",
                    targets.Count == 0 ? "Add a deploy block, e.g. deploy \"local\" target \"record-only\" {}." : $"Choose one of: {string.Join(", ", targets.Select(t => t.Name))}.");
        }

        if (targets.Count == 0)
        {
            throw new DeployTargetSelectionException(
                $"Package \"{package.Name}\" has no deploy block, so there is nowhere to apply it.",
                "Add one, e.g. deploy \"local\" target \"record-only\" {} (records resources without deploying) or deploy \"local\" target \"runtime\" { url \"http://localhost:8080\" }.");
        }

        var defaults = targets.Where(t => t.IsDefault).ToList();
        if (defaults.Count == 1)
        {
            return defaults[0];
        }

        if (targets.Count == 1)
        {
            return targets[0];
        }

        throw new DeployTargetSelectionException(
            $"Package \"{package.Name}\" has {targets.Count} deploy blocks and {(defaults.Count == 0 ? "none is" : "several are")} marked default.",
            $"Pass --target with one of: {string.Join(", ", targets.Select(t => t.Name))}.");
    }
}
