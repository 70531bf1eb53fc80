using System.CommandLine;
using System.Text.Json;
using AgentSpec.Cli.Output;
using AgentSpec.Core.CliContract;
using AgentSpec.Core.Planning;
using AgentSpec.Core.State;

namespace AgentSpec.Cli.Commands;

/// <summary>
/// <c>agentspec plan [path]</c>: what apply would change. Reads state without the lock (every read sees a
/// whole file). Exit 0 when nothing changes, 2 when something would, 1 on error.
/// </summary>
public static class PlanCommand
{
    public static Command Create(CliContext context, GlobalOptions options)
    {
        var path = new Argument<string?>("path")
        {
            Description = "An .ias file or a directory with one package's .ias files (default: the current directory).",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var outFile = new Option<string?>("--out")
        {
            Description = "Also write the plan as JSON to this file.",
            HelpName = "file",
        };
        var command = new Command("plan", "Show what apply would change, without changing anything.") { path, outFile };
        command.SetGuardedAction(context, options, async (parseResult, settings, cancellationToken) =>
        {
            var package = await PackageLoader.LoadAsync(context, settings, parseResult.GetValue(path), cancellationToken);
            StateDocument state;
            string location;
            await using (var backend = await StateBackends.OpenAsync(context, settings, cancellationToken))
            {
                state = await backend.Backend.ReadAsync(cancellationToken);
                location = backend.Location;
            }

            var plan = Planner.Compute(package.Resources, state.Entries, package.Name);
            var json = PlanJson.From(plan, new PlanStateJson(location, string.IsNullOrEmpty(state.Lineage) ? null : state.Lineage, state.Serial));

            if (parseResult.GetValue(outFile) is { Length: > 0 } file)
            {
                await File.WriteAllTextAsync(settings.ResolvePath(file), JsonSerializer.Serialize(json, CliJsonContext.Relaxed.PlanJson) + "\n", cancellationToken);
            }

            if (settings.Json)
            {
                context.Out.WriteLine(JsonSerializer.Serialize(json, CliJsonContext.Relaxed.PlanJson));
            }
            else
            {
                PlanTextRenderer.Render(plan, context.Out, settings.Ansi);
            }

            return plan.HasChanges ? ExitCodes.PlanHasChanges : ExitCodes.Success;
        });
        return command;
    }
}
