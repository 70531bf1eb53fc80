namespace AgentSpec.Core.Planning;

public enum PlanActionKind
{
    Noop,
    Create,
    Update,
    Delete,
}
