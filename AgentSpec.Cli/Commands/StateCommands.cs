using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using AgentSpec.Cli.Output;
using AgentSpec.Core.State;
using Spectre.Console;

namespace AgentSpec.Cli.Commands;

/// <summary><c>agentspec state list|show|status|verify|recover|unlock</c>: inspect and repair state.</summary>
public static class StateCommands
{
    public static Command Create(CliContext context, GlobalOptions options)
    {
        var state = new Command("state", "Inspect, verify and repair the state file.");
        state.Subcommands.Add(List(context, options));
        state.Subcommands.Add(Show(context, options));
        state.Subcommands.Add(Status(context, options));
        state.Subcommands.Add(Verify(context, options));
        state.Subcommands.Add(Recover(context, options));
        state.Subcommands.Add(Unlock(context, options));
        return state;
    }

    private static Command List(CliContext context, GlobalOptions options)
    {
        var status = new Option<string?>("--status") { Description = "Only entries with this status: applied, failed or pending.", HelpName = "status" };
        status.AcceptOnlyFromAmong([.. StateEntryStatus.All]);
        var command = new Command("list", "List the resources recorded in state.") { status };
        command.SetGuardedAction(context, options, async (parseResult, settings, cancellationToken) =>
        {
            var document = await StateBackends.Open(context, settings).ReadAsync(cancellationToken);
            var wanted = parseResult.GetValue(status);
            var entries = document.Entries.Where(e => wanted is null || e.Status == wanted).ToList();
            if (settings.Json)
            {
                context.Out.WriteLine(JsonSerializer.Serialize<IReadOnlyList<StateEntry>>(entries, StateJsonContext.Relaxed.IReadOnlyListStateEntry));
                return ExitCodes.Success;
            }

            if (entries.Count == 0)
            {
                context.Out.WriteLine(wanted is null ? "The state has no resources." : $"No resources with status {wanted}.");
                return ExitCodes.Success;
            }

            var table = new Table().Border(TableBorder.Simple).AddColumns("FQN", "STATUS", "LAST APPLIED", "ADAPTER", "ERROR");
            foreach (var entry in entries)
            {
                table.AddRow(
                    Markup.Escape(entry.Fqn),
                    Markup.Escape(entry.Status),
                    Markup.Escape(entry.LastApplied?.ToString("u", CultureInfo.InvariantCulture) ?? "-"),
                    Markup.Escape(entry.Adapter ?? "-"),
                    Markup.Escape(entry.Error ?? string.Empty));
            }

            SpectreConsole.For(context, settings.Ansi).Write(table);
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Show(CliContext context, GlobalOptions options)
    {
        var fqn = new Argument<string>("fqn") { Description = "The resource, e.g. support-bot/Agent/support-bot." };
        var command = new Command("show", "Show one resource recorded in state.") { fqn };
        command.SetGuardedAction(context, options, async (parseResult, settings, cancellationToken) =>
        {
            var document = await StateBackends.Open(context, settings).ReadAsync(cancellationToken);
            var name = parseResult.GetValue(fqn)!;
            var entry = document.Find(name) ?? throw new CliException(
                $"The state has no resource {name}.",
                "List what it has with `agentspec state list`.") { Code = "not_found" };
            if (settings.Json)
            {
                context.Out.WriteLine(JsonSerializer.Serialize(entry, StateJsonContext.Relaxed.StateEntry));
                return ExitCodes.Success;
            }

            context.Out.WriteLine($"fqn:          {entry.Fqn}");
            context.Out.WriteLine($"status:       {entry.Status}");
            context.Out.WriteLine($"hash:         {entry.Hash}");
            context.Out.WriteLine($"last applied: {entry.LastApplied?.ToString("u", CultureInfo.InvariantCulture) ?? "-"}");
            context.Out.WriteLine($"adapter:      {entry.Adapter ?? "-"}");
            if (entry.Error is not null)
            {
                context.Out.WriteLine($"error:        {entry.Error}");
            }

            foreach (var (key, value) in entry.Extra ?? [])
            {
                context.Out.WriteLine($"{key + ":",-14}{value.GetRawText()}");
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Status(CliContext context, GlobalOptions options)
    {
        var command = new Command("status", "Describe the state, its backup and the current lock holder (without taking the lock).");
        command.SetGuardedAction(context, options, async (_, settings, cancellationToken) =>
        {
            var status = await StateBackends.Open(context, settings).GetStatusAsync(cancellationToken);
            if (settings.Json)
            {
                context.Out.WriteLine(JsonSerializer.Serialize(status, StateJsonContext.Relaxed.StateStatus));
                return ExitCodes.Success;
            }

            var now = context.TimeProvider.GetUtcNow();
            var s = status.State;
            context.Out.WriteLine($"State:    {s.Path}");
            if (!s.Exists)
            {
                context.Out.WriteLine("          missing (an empty state; the first apply creates it)");
            }
            else if (!s.Valid)
            {
                context.Out.WriteLine(settings.Ansi.Red($"          DAMAGED: {s.Problem}"));
            }
            else
            {
                context.Out.WriteLine($"          format {s.Version}, serial {s.Serial}, lineage {s.Lineage ?? "-"}");
                context.Out.WriteLine($"          last write {s.LastWrite?.ToString("u", CultureInfo.InvariantCulture) ?? "-"}");
                context.Out.WriteLine($"          {s.EntryCount} entries: {string.Join(", ", status.CountsByStatus.Select(p => $"{p.Value} {p.Key}"))}");
            }

            var b = status.Backup;
            context.Out.WriteLine($"Backup:   {b.Path}");
            context.Out.WriteLine(!b.Exists
                ? "          none"
                : b.Valid ? $"          valid, serial {b.Serial}" : settings.Ansi.Red($"          DAMAGED: {b.Problem}"));

            if (status.Lock is { } held)
            {
                var state = held.Held ? "held" : "left over by a process that is gone (the next command recovers it)";
                context.Out.WriteLine($"Lock:     {state} by {held.Holder.Describe(now)}, renewed {DurationParser.Format(held.SinceRenewal)} ago");
            }
            else
            {
                context.Out.WriteLine("Lock:     free");
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Verify(CliContext context, GlobalOptions options)
    {
        var command = new Command("verify", "Check the state and its backup (JSON, schema, checksum). Exit 0 when healthy, 4 when damaged.");
        command.SetGuardedAction(context, options, async (_, settings, cancellationToken) =>
        {
            var verification = await StateBackends.Open(context, settings).VerifyAsync(cancellationToken);
            if (settings.Json)
            {
                context.Out.WriteLine(JsonSerializer.Serialize(
                    new StateVerificationJson(verification.IsHealthy, verification.State, verification.Backup),
                    StateJsonContext.Relaxed.StateVerificationJson));
            }
            else
            {
                WriteCheck(context, settings, "State ", verification.State);
                WriteCheck(context, settings, "Backup", verification.Backup);
                if (verification.State is { Exists: false } && verification.Backup.Exists)
                {
                    context.Out.WriteLine(settings.Ansi.Red("The state file is missing but a backup exists; restore it with `agentspec state recover --from-backup`."));
                }
            }

            return verification.IsHealthy ? ExitCodes.Success : ExitCodes.StateCorrupted;
        });
        return command;
    }

    private static void WriteCheck(CliContext context, CommandSettings settings, string label, StateFileCheck check)
    {
        var verdict = !check.Exists
            ? "missing"
            : check.Valid
                ? settings.Ansi.Green($"ok (format {check.Version}, serial {check.Serial}, {check.EntryCount} entries)")
                : settings.Ansi.Red($"DAMAGED: {check.Problem}");
        context.Out.WriteLine($"{label} {check.Path}: {verdict}");
    }

    private static Command Recover(CliContext context, GlobalOptions options)
    {
        var fromBackup = new Option<bool>("--from-backup") { Description = "Restore the previous generation (<state>.bak)." };
        var fromFile = new Option<string?>("--from") { Description = "Restore from this file (e.g. a quarantined copy or an older backup).", HelpName = "file" };
        var autoApprove = new Option<bool>("--auto-approve") { Description = "Skip the confirmation prompt." };
        var allowLineage = new Option<bool>("--allow-lineage-change") { Description = "Accept a source whose lineage differs from the current state." };
        var lockOptions = new LockOptionsBinder();
        var command = new Command("recover", "Restore the state from its backup or a file, showing what would be lost first.") { fromBackup, fromFile, autoApprove, allowLineage };
        lockOptions.AddTo(command);
        command.SetGuardedAction(context, options, async (parseResult, settings, cancellationToken) =>
        {
            var file = parseResult.GetValue(fromFile);
            if (parseResult.GetValue(fromBackup) == !string.IsNullOrEmpty(file))
            {
                throw new CliException("Say where to recover from.", "Pass exactly one of --from-backup or --from FILE.") { Code = "invalid_arguments" };
            }

            var approved = parseResult.GetValue(autoApprove);
            if (!approved && !context.InputIsTerminal)
            {
                throw new CliException("Recovery needs confirmation, but there is no terminal to ask on.", "Run it again with --auto-approve after checking `agentspec state verify`.") { Code = "confirmation_required" };
            }

            var source = string.IsNullOrEmpty(file) ? StateRecoverySource.Backup : StateRecoverySource.FromFile(settings.ResolvePath(file));
            var waitReporter = new LockWaitReporter(context);
            await using var stateLock = await StateBackends.Open(context, settings).LockAsync(lockOptions.Bind(parseResult, "state recover", waitReporter), cancellationToken);
            waitReporter.Finish();
            var plan = await stateLock.PlanRecoveryAsync(source, cancellationToken);
            if (!settings.Json)
            {
                DescribeRecovery(context, settings, plan);
            }

            if (!approved)
            {
                context.Out.Write(settings.Ansi.Bold("Restore this state? Only 'yes' will be accepted: "));
                context.Out.Flush();
                if (!string.Equals(context.In.ReadLine()?.Trim(), "yes", StringComparison.Ordinal))
                {
                    context.Error.WriteLine("Recovery cancelled; nothing was changed.");
                    return ExitCodes.Error;
                }
            }

            var result = await stateLock.RecoverAsync(plan, parseResult.GetValue(allowLineage), cancellationToken);
            if (settings.Json)
            {
                context.Out.WriteLine(JsonSerializer.Serialize(
                    new StateRecoveryJson("recovered", plan.SourcePath, plan.Source.Serial, result.Serial, plan.Lost.Select(c => c.Fqn).ToList(), plan.Added.Select(c => c.Fqn).ToList()),
                    StateJsonContext.Relaxed.StateRecoveryJson));
            }
            else
            {
                context.Out.WriteLine(settings.Ansi.Green($"State restored from {plan.SourcePath} (serial {plan.Source.Serial}); it is now serial {result.Serial}."));
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static void DescribeRecovery(CliContext context, CommandSettings settings, StateRecoveryPlan plan)
    {
        context.Out.WriteLine($"Recovering {plan.CurrentPath} from {plan.SourcePath} (serial {plan.Source.Serial}, {plan.Source.Entries.Count} entries).");
        if (plan.CurrentProblem is not null)
        {
            context.Out.WriteLine($"The current state cannot be read: {plan.CurrentProblem}. It will be kept aside, not deleted.");
        }
        else if (!plan.LineageMatches)
        {
            context.Out.WriteLine(settings.Ansi.Red($"The source has lineage {plan.Source.Lineage}, the current state {plan.Current?.Lineage}: it comes from a different state. Pass --allow-lineage-change if that is intended."));
        }

        if (plan.Lost.Count == 0 && plan.Added.Count == 0)
        {
            context.Out.WriteLine("No recorded resource would change.");
        }

        foreach (var change in plan.Lost)
        {
            context.Out.WriteLine(settings.Ansi.Red(change.Restored is null ? $"  - {change.Fqn} (would be forgotten)" : $"  ~ {change.Fqn} (would go back to {change.Restored.Status}, {change.Restored.Hash})"));
        }

        foreach (var change in plan.Added)
        {
            context.Out.WriteLine(settings.Ansi.Green($"  + {change.Fqn} (would come back as {change.Restored?.Status})"));
        }

        context.Out.WriteLine();
    }

    private static Command Unlock(CliContext context, GlobalOptions options)
    {
        var force = new Option<string>("--force")
        {
            Description = "Break the lock held under this lock id (see `agentspec state status`). Its holder can no longer commit.",
            HelpName = "lock-id",
            Required = true,
        };
        var command = new Command("unlock", "Break a state lock by id, for operators.") { force };
        command.SetGuardedAction(context, options, async (parseResult, settings, cancellationToken) =>
        {
            var holder = await StateBackends.Open(context, settings).ForceUnlockAsync(parseResult.GetValue(force)!, cancellationToken);
            if (settings.Json)
            {
                context.Out.WriteLine(JsonSerializer.Serialize(new StateUnlockJson(holder.LockId, holder.Pid, holder.Hostname, holder.Operation), StateJsonContext.Relaxed.StateUnlockJson));
            }
            else
            {
                context.Out.WriteLine($"Broke the state lock held by {holder.Describe(context.TimeProvider.GetUtcNow())}.");
            }

            return ExitCodes.Success;
        });
        return command;
    }
}
