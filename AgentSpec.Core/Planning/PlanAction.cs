using AgentSpec.Core.Resources;
using AgentSpec.Core.State;

namespace AgentSpec.Core.Planning;

/// <summary>
/// What apply would do to one resource and why. <see cref="Desired"/> is null for deletes;
/// <see cref="Current"/> is null for creates.
/// </summary>
public sealed record PlanAction(string Fqn, PlanActionKind Kind, string Reason, Resource? Desired, StateEntry? Current);
