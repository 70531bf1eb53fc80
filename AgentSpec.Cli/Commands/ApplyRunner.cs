using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using AgentSpec.Cli.Output;
using AgentSpec.Core.Apply;
using AgentSpec.Core.CliContract;
using AgentSpec.Core.Planning;
using AgentSpec.Core.Resources;
using Microsoft.Extensions.Logging;

namespace AgentSpec.Cli.Commands;

/// <summary>What <c>apply</c> and <c>destroy</c> share: target choice, confirmation, live progress and the summary.</summary>
public sealed class ApplyRunner(CliContext context, CommandSettings settings)
{
    public const string ConfirmationPrompt = "Apply these changes? Only 'yes' will be accepted: ";

    public async Task<int> RunAsync(
        ParseResult parseResult,
        ApplyMode mode,
        string? path,
        string? targetName,
        bool autoApprove,
        LockOptionsBinder lockOptions,
        RuntimeConnectionOptions runtime,
        CancellationToken cancellationToken)
    {
        var verb = mode == ApplyMode.Destroy ? "destroy" : "apply";
        var package = await PackageLoader.LoadAsync(context, settings, path, cancellationToken);
        var target = DeployTargetSelection.Select(package, targetName);
        var adapter = DeployAdapters.Create(context, runtime, RuntimeTimeout.Resolve(context, settings), package, target, out var runtimeClient);
        using var disposeClient = runtimeClient;

        var waitReporter = new LockWaitReporter(context);
        await using var state = await StateBackends.OpenAsync(context, settings, cancellationToken);
        var engine = new ApplyEngine(state.Backend, context.TimeProvider, context.LoggerFactory.CreateLogger<ApplyEngine>());
        var request = new ApplyRequest(
            package,
            mode,
            adapter,
            lockOptions.Bind(parseResult, verb, waitReporter),
            (plan, ct) => ConfirmAsync(plan, verb, autoApprove, ct),
            new Progress(context, settings, waitReporter))
        {
            StateTags = state.Selection.TelemetryTags,
        };

        ApplyOutcome outcome;
        try
        {
            outcome = await engine.RunAsync(request, cancellationToken);
        }
        finally
        {
            waitReporter.Finish();
        }

        return Report(outcome, mode, target);
    }

    private Task<bool> ConfirmAsync(Plan plan, string verb, bool autoApprove, CancellationToken cancellationToken)
    {
        if (!settings.Json)
        {
            PlanTextRenderer.Render(plan, context.Out, settings.Ansi);
            context.Out.WriteLine();
        }

        if (autoApprove)
        {
            return Task.FromResult(true);
        }

        if (settings.Json)
        {
            throw new CliException(
                $"{Capitalize(verb)} with --output json cannot ask for confirmation; nothing was changed.",
                $"Add --auto-approve (review the changes first with `agentspec plan --output json`).") { Code = "confirmation_required" };
        }

        return Confirmation.AskAsync(context, settings, ConfirmationPrompt, cancellationToken);
    }

    private int Report(ApplyOutcome outcome, ApplyMode mode, DeployTarget target)
    {
        var verb = mode == ApplyMode.Destroy ? "Destroy" : "Apply";
        if (settings.Json)
        {
            var json = new ApplyJson(
                StatusName(outcome.Status),
                outcome.Plan.Package,
                target.Name,
                new ApplySummaryJson(outcome.Created, outcome.Updated, outcome.Deleted, outcome.Failed),
                outcome.Results.Select(r => new ApplyResourceJson(r.Action.Fqn, PlanJson.ActionName(r.Action.Kind), r.Succeeded ? "ok" : "failed", r.Error)).ToList(),
                outcome.FinalSerial);
            context.Out.WriteLine(JsonSerializer.Serialize(json, CliJsonContext.Relaxed.ApplyJson));
        }

        switch (outcome.Status)
        {
            case ApplyStatus.NoChanges:
                if (!settings.Json)
                {
                    context.Out.WriteLine(settings.Ansi.Green(PlanTextRenderer.NoChangesMessage));
                }

                return ExitCodes.Success;
            case ApplyStatus.Declined:
                context.Error.WriteLine($"{verb} cancelled. Nothing was changed.");
                return ExitCodes.Error;
            case ApplyStatus.Interrupted:
                context.Error.WriteLine(settings.Ansi.Red($"{verb} interrupted: {Summary(outcome, mode)}. Finished changes are recorded in state; run `agentspec plan` to see what is left."));
                return ExitCodes.Error;
            default:
                if (outcome.HasFailures)
                {
                    context.Error.WriteLine(settings.Ansi.Red($"{verb} finished with errors: {Summary(outcome, mode)}."));
                    context.Error.WriteLine("  hint: failed resources are recorded as failed in state; fix the cause and run the command again to retry them.");
                    return ExitCodes.Error;
                }

                if (!settings.Json)
                {
                    context.Out.WriteLine(settings.Ansi.Green(string.Create(CultureInfo.InvariantCulture, $"{verb} complete! Resources: {Summary(outcome, mode)}.")));
                }

                return ExitCodes.Success;
        }
    }

    /// <summary>Destroy only ever deletes: "4 destroyed" (and the failures, if any), not "0 created, 0 updated, 4 deleted".</summary>
    private static string Summary(ApplyOutcome outcome, ApplyMode mode) => mode != ApplyMode.Destroy
        ? outcome.Summary
        : outcome.Failed == 0
            ? string.Create(CultureInfo.InvariantCulture, $"{outcome.Deleted} destroyed")
            : string.Create(CultureInfo.InvariantCulture, $"{outcome.Deleted} destroyed, {outcome.Failed} failed");

    private static string StatusName(ApplyStatus status) => status switch
    {
        ApplyStatus.NoChanges => "no_changes",
        ApplyStatus.Declined => "declined",
        ApplyStatus.Interrupted => "interrupted",
        _ => "completed",
    };

    private static string Capitalize(string text) => char.ToUpperInvariant(text[0]) + text[1..];

    /// <summary>Terraform-style live lines: "Agent/helper: Creating...", "Agent/helper: Creation complete".</summary>
    private sealed class Progress(CliContext context, CommandSettings settings, LockWaitReporter waitReporter) : IProgress<ApplyProgress>
    {
        public void Report(ApplyProgress value)
        {
            if (value.Kind == ApplyProgressKind.StateLoaded)
            {
                waitReporter.Finish();
            }

            if (settings.Json)
            {
                return;
            }

            var name = value.Action is null ? null : ResourceName.LocalPart(value.Action.Fqn);
            switch (value.Kind)
            {
                case ApplyProgressKind.StateLoaded when value.Message is not null:
                    context.Error.WriteLine(settings.Ansi.Yellow(value.Message));
                    break;
                case ApplyProgressKind.Started:
                    context.Out.WriteLine($"{name}: {Doing(value.Action!.Kind)}...");
                    break;
                case ApplyProgressKind.Succeeded:
                    context.Out.WriteLine(settings.Ansi.Green($"{name}: {Done(value.Action!.Kind)}"));
                    break;
                case ApplyProgressKind.Failed:
                    context.Out.WriteLine(settings.Ansi.Red($"{name}: failed: {TerminalText.Sanitize(value.Message)}"));
                    break;
                default:
                    break;
            }
        }

        private static string Doing(PlanActionKind kind) => kind switch
        {
            PlanActionKind.Create => "Creating",
            PlanActionKind.Update => "Updating",
            _ => "Destroying",
        };

        private static string Done(PlanActionKind kind) => kind switch
        {
            PlanActionKind.Create => "Creation complete",
            PlanActionKind.Update => "Update complete",
            _ => "Destruction complete",
        };
    }
}
