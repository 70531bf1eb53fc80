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

    Task ApplyAsync(PlanAction action, CancellationToken cancellationToken);
}
