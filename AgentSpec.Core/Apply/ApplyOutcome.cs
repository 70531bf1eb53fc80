using AgentSpec.Core.Planning;
using AgentSpec.Core.State;

namespace AgentSpec.Core.Apply;

/// <summary>The result of an apply or destroy, with the counts of its summary line.</summary>
public sealed record ApplyOutcome(
    ApplyStatus Status,
    Plan Plan,
    IReadOnlyList<ResourceResult> Results,
    StateLoadResult Loaded,
    long FinalSerial)
{
    public int Created => Count(PlanActionKind.Create);

    public int Updated => Count(PlanActionKind.Update);

    public int Deleted => Count(PlanActionKind.Delete);

    public int Failed => Results.Count(r => !r.Succeeded);

    public bool HasFailures => Failed > 0;

    /// <summary>"2 created, 1 updated, 0 deleted, 1 failed".</summary>
    public string Summary => $"{Created} created, {Updated} updated, {Deleted} deleted, {Failed} failed";

    private int Count(PlanActionKind kind) => Results.Count(r => r.Succeeded && r.Action.Kind == kind);
}
