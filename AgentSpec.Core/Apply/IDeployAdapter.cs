using AgentSpec.Core.Planning;

namespace AgentSpec.Core.Apply;

/// <summary>
/// Puts one planned change into effect on a deploy target. Throwing marks that resource failed (with
/// the exception's message) and the apply goes on with the others; an adapter never touches state.
/// </summary>
public interface IDeployAdapter
{
    /// <summary>Recorded in each state entry's <c>adapter</c> field.</summary>
    string Name { get; }

    /// <summary>
    /// Whether applying changes something outside the state file. Only then are pending intents
    /// committed before deploying: they exist so that a crash mid-apply cannot leave a deployed
    /// resource unrecorded. An adapter without side effects gets exactly one commit per apply.
    /// </summary>
    bool HasExternalEffects { get; }

    Task ApplyAsync(PlanAction action, CancellationToken cancellationToken);
}
