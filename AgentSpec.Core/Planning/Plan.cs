namespace AgentSpec.Core.Planning;

/// <summary>The actions of one plan, sorted by FQN, no-ops included.</summary>
public sealed record Plan(string Package, IReadOnlyList<PlanAction> Actions)
{
    public int Creates => Count(PlanActionKind.Create);

    public int Updates => Count(PlanActionKind.Update);

    public int Deletes => Count(PlanActionKind.Delete);

    public bool HasChanges => Actions.Any(a => a.Kind != PlanActionKind.Noop);

    public IEnumerable<PlanAction> Changes => Actions.Where(a => a.Kind != PlanActionKind.Noop);

    private int Count(PlanActionKind kind) => Actions.Count(a => a.Kind == kind);
}
