using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using AgentSpec.Core.Planning;

namespace AgentSpec.Cli.Output;

/// <summary>The machine-readable plan of <c>plan --output json</c> and <c>plan --out FILE</c>.</summary>
public sealed record PlanJson(
    [property: JsonPropertyName("format_version")] string FormatVersion,
    [property: JsonPropertyName("package")] string Package,
    [property: JsonPropertyName("has_changes")] bool HasChanges,
    [property: JsonPropertyName("summary")] PlanSummaryJson Summary,
    [property: JsonPropertyName("actions")] IReadOnlyList<PlanActionJson> Actions,
    [property: JsonPropertyName("state")] PlanStateJson? State)
{
    public static PlanJson From(Plan plan, PlanStateJson? state)
    {
        ArgumentNullException.ThrowIfNull(plan);
        return new PlanJson(
            "1",
            plan.Package,
            plan.HasChanges,
            new PlanSummaryJson(plan.Creates, plan.Updates, plan.Deletes, plan.Actions.Count(a => a.Kind == PlanActionKind.Noop)),
            plan.Actions.Select(a => new PlanActionJson(a.Fqn, ActionName(a.Kind), a.Reason, a.Current?.Hash, a.Desired?.Hash, a.Before, a.After)).ToList(),
            state);
    }

    public static string ActionName(PlanActionKind kind) => kind switch
    {
        PlanActionKind.Create => "create",
        PlanActionKind.Update => "update",
        PlanActionKind.Delete => "delete",
        _ => "noop",
    };
}

public sealed record PlanSummaryJson(
    [property: JsonPropertyName("create")] int Create,
    [property: JsonPropertyName("update")] int Update,
    [property: JsonPropertyName("delete")] int Delete,
    [property: JsonPropertyName("noop")] int Noop);

/// <summary>
/// One action. <c>before</c> holds the attributes state recorded (null for a create or an entry written
/// before attributes were recorded); <c>after</c> the attributes apply would record (null for a delete).
/// Secrets show only their reference (docs/state.md, 'Format "2"').
/// </summary>
public sealed record PlanActionJson(
    [property: JsonPropertyName("fqn")] string Fqn,
    [property: JsonPropertyName("action")] string Action,
    [property: JsonPropertyName("reason")] string Reason,
    [property: JsonPropertyName("current_hash")] string? CurrentHash,
    [property: JsonPropertyName("desired_hash")] string? DesiredHash,
    [property: JsonPropertyName("before")] JsonObject? Before,
    [property: JsonPropertyName("after")] JsonObject? After);

/// <summary>Which state the plan was computed against, so a saved plan can be checked before use.</summary>
public sealed record PlanStateJson(
    [property: JsonPropertyName("path")] string Path,
    [property: JsonPropertyName("lineage")] string? Lineage,
    [property: JsonPropertyName("serial")] long Serial);
