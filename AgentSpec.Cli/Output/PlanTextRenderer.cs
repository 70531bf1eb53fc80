using System.Globalization;
using AgentSpec.Core.Planning;
using AgentSpec.Core.Resources;

namespace AgentSpec.Cli.Output;

/// <summary>Renders a plan the way infrastructure tools do: a summary line, then one line per change, updates with their attribute diff.</summary>
public static class PlanTextRenderer
{
    public const string NoChangesMessage = "No changes. Your agents match the state.";

    public static void Render(Plan plan, TextWriter writer, Ansi ansi)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(ansi);

        if (!plan.HasChanges)
        {
            writer.WriteLine(ansi.Green(NoChangesMessage));
            return;
        }

        writer.WriteLine(ansi.Bold(Summary(plan)));
        writer.WriteLine();
        var changes = plan.Changes.ToList();
        var width = changes.Max(a => ResourceName.LocalPart(a.Fqn).Length);
        foreach (var action in changes)
        {
            var name = ResourceName.LocalPart(action.Fqn).PadRight(width);
            var line = action.Kind switch
            {
                PlanActionKind.Create => ansi.Green($"  + {name}"),
                PlanActionKind.Update => ansi.Yellow($"  ~ {name}"),
                PlanActionKind.Delete => ansi.Red($"  - {name}"),
                _ => $"    {name}",
            };
            writer.WriteLine($"{line}  {ansi.Dim($"({action.Reason})")}");
            AttributeDiffRenderer.Render(action, writer, ansi);
        }
    }

    public static string Summary(Plan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        return string.Create(
            CultureInfo.InvariantCulture,
            $"Plan: {plan.Creates} to create, {plan.Updates} to update, {plan.Deletes} to delete.");
    }
}
