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

    /// <summary>
    /// Whether putting <paramref name="action"/> into effect talks to the deploy target. Only a plan with
    /// such a change has <see cref="PreflightAsync"/> called: a plan that needs no runtime needs no runtime.
    /// </summary>
    bool NeedsTarget(PlanAction action);

    /// <summary>
    /// Proves the target can do the work (reachable, credentials accepted) before the lock is taken, so a
    /// wrong key or URL fails with one sentence and state untouched instead of failing every resource
    /// (docs/cli.md, "Preflight"). Throws the error that says what is wrong.
    /// </summary>
    Task PreflightAsync(CancellationToken cancellationToken);

    Task ApplyAsync(PlanAction action, CancellationToken cancellationToken);
}
