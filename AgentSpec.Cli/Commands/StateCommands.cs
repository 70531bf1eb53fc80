using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using AgentSpec.Cli.Output;
using AgentSpec.Core.CliContract;
using AgentSpec.Core.State;
using Spectre.Console;

namespace AgentSpec.Cli.Commands;

/// <summary><c>agentspec state list|show|status|verify|recover|unlock|history|migrate</c>: inspect, repair and migrate state.</summary>
public static class StateCommands
{
    public static Command Create(CliContext context, GlobalOptions options)
    {
        var state = new Command("state", "Inspect, verify, repair and migrate the state.");
        state.Subcommands.Add(List(context, options));
        state.Subcommands.Add(Show(context, options));
        state.Subcommands.Add(Status(context, options));
        state.Subcommands.Add(Verify(context, options));
        state.Subcommands.Add(Recover(context, options));
        state.Subcommands.Add(Unlock(context, options));
        state.Subcommands.Add(History(context, options));
        state.Subcommands.Add(StateMigrateCommand.Create(context, options));
        return state;
    }

    private static Command List(CliContext context, GlobalOptions options)
    {
        var status = new Option<string?>("--status") { Description = "Only entries with this status: applied, failed or pending.", HelpName = "status" };
        status.AcceptOnlyFromAmong([.. StateEntryStatus.All]);
        var command = new Command("list", "List the resources recorded in state.") { status };
        command.SetGuardedAction(context, options, async (parseResult, settings, cancellationToken) =>
        {
            await using var state = await StateBackends.OpenAsync(context, settings, cancellationToken);
            var document = await state.Backend.ReadAsync(cancellationToken);
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
            await using var state = await StateBackends.OpenAsync(context, settings, cancellationToken);
            var document = await state.Backend.ReadAsync(cancellationToken);
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
            await using var state = await StateBackends.OpenAsync(context, settings, cancellationToken);
            var status = await state.Backend.GetStatusAsync(cancellationToken);
            if (settings.Json)
            {
                context.Out.WriteLine(JsonSerializer.Serialize(status, StateJsonContext.Relaxed.StateStatus));
                return ExitCodes.Success;
            }

            var now = context.TimeProvider.GetUtcNow();
            var s = status.State;
            context.Out.WriteLine($"State:    {s.Path}");
            switch (s.Condition)
            {
                case StateFileCondition.Missing:
                    context.Out.WriteLine("          missing (an empty state; the first apply creates it)");
                    break;
                case StateFileCondition.Valid:
                    context.Out.WriteLine($"          format {s.Version}, serial {s.Serial}, lineage {TerminalText.Sanitize(s.Lineage ?? "-")}");
                    context.Out.WriteLine($"          last write {s.LastWrite?.ToString("u", CultureInfo.InvariantCulture) ?? "-"}");
                    context.Out.WriteLine($"          {s.EntryCount} entries: {string.Join(", ", status.CountsByStatus.Select(p => $"{p.Value} {p.Key}"))}");
                    break;
                default:
                    context.Out.WriteLine($"          {Verdict(settings, s, isBackup: false, stateValid: false)}");
                    break;
            }

            var b = status.Backup;
            context.Out.WriteLine($"Backup:   {b.Path}");
            context.Out.WriteLine(b.Condition switch
            {
                StateFileCondition.Missing => "          none",
                StateFileCondition.Valid => $"          valid, serial {b.Serial}",
                _ => $"          {Verdict(settings, b, isBackup: true, stateValid: s.Valid)}",
            });

            context.Out.WriteLine(status.Lock switch
            {
                null => "Lock:     free",
                { Held: true, Holder: { } holder } lockStatus =>
                    $"Lock:     held by {TerminalText.Sanitize(holder.Describe(now))}, renewed {DurationParser.Format(lockStatus.SinceRenewal ?? TimeSpan.Zero)} ago",
                { Held: true } lockStatus =>
                    $"Lock:     held by {StateLockHolderInfo.Unidentified}: something holds the kernel lock on {lockStatus.LockPath} without AgentSpec's holder information (a command that is just starting, or another tool such as flock(1); `fuser -v {lockStatus.LockPath}` names it)",
                { Holder: { } gone } =>
                    $"Lock:     free; {TerminalText.Sanitize(gone.Describe(now))} exited without releasing it (the next command clears what it left)",
                _ => "Lock:     free",
            });

            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Verify(CliContext context, GlobalOptions options)
    {
        var command = new Command("verify", "Check the state and its backup (JSON, schema, checksum). Exit 0 when healthy, 4 when damaged, 1 for a file written by a newer AgentSpec or a path that is not a regular file.");
        command.SetGuardedAction(context, options, async (_, settings, cancellationToken) =>
        {
            await using var state = await StateBackends.OpenAsync(context, settings, cancellationToken);
            var verification = await state.Backend.VerifyAsync(cancellationToken);
            if (settings.Json)
            {
                context.Out.WriteLine(JsonSerializer.Serialize(
                    new StateVerificationJson(verification.IsHealthy, verification.State, verification.Backup),
                    StateJsonContext.Relaxed.StateVerificationJson));
            }
            else
            {
                WriteCheck(context, settings, "State ", verification.State, isBackup: false, stateValid: verification.State.Valid);
                WriteCheck(context, settings, "Backup", verification.Backup, isBackup: true, stateValid: verification.State.Valid);
                if (verification.State.Resealable || verification.Backup.Resealable)
                {
                    context.Out.WriteLine("Only the checksum is wrong (the JSON and schema are valid): if the file was repaired by hand and its content is right, `agentspec state recover --from FILE --accept-checksum-mismatch` restores and re-seals it.");
                }

                if (verification.State is { Exists: false } && verification.Backup.Exists)
                {
                    context.Out.WriteLine(settings.Ansi.Red(verification.Backup.Valid
                        ? "The state file is missing but a backup exists; restore it with `agentspec state recover --from-backup`."
                        : "The state file is missing and its backup cannot be restored; see `agentspec state recover --help`."));
                }
            }

            return verification.NeedsRecovery ? ExitCodes.StateCorrupted
                : verification.IsHealthy ? ExitCodes.Success
                : ExitCodes.Error;
        });
        return command;
    }

    private static void WriteCheck(CliContext context, CommandSettings settings, string label, StateFileCheck check, bool isBackup, bool stateValid)
    {
        var verdict = check.Condition switch
        {
            StateFileCondition.Missing => "missing",
            StateFileCondition.Valid => settings.Ansi.Green($"ok (format {check.Version}, serial {check.Serial}, {check.EntryCount} entries)"),
            _ => Verdict(settings, check, isBackup, stateValid),
        };
        context.Out.WriteLine($"{label} {check.Path}: {verdict}");
    }

    /// <summary>What is wrong with a file that exists but is not valid, and what happens or what to do.</summary>
    private static string Verdict(CommandSettings settings, StateFileCheck check, bool isBackup, bool stateValid) => check.Condition switch
    {
        StateFileCondition.NewerFormat =>
            settings.Ansi.Yellow($"{TerminalText.Sanitize(check.Problem)}; this AgentSpec leaves it untouched: use that newer AgentSpec"),
        StateFileCondition.NotARegularFile when isBackup =>
            settings.Ansi.Yellow($"{TerminalText.Sanitize(check.Problem)}; the next commit replaces it with a real backup"),
        StateFileCondition.NotARegularFile =>
            settings.Ansi.Yellow($"{TerminalText.Sanitize(check.Problem)}; point --state-file at the real file"),
        _ when isBackup && stateValid =>
            settings.Ansi.Red($"DAMAGED: {TerminalText.Sanitize(check.Problem)} (the next apply or destroy keeps it aside and replaces it with a copy of the state)"),
        _ => settings.Ansi.Red($"DAMAGED: {TerminalText.Sanitize(check.Problem)}"),
    };

    private static Command Recover(CliContext context, GlobalOptions options)
    {
        var fromBackup = new Option<bool>("--from-backup") { Description = "Restore the previous generation (<state>.bak)." };
        var fromFile = new Option<string?>("--from") { Description = "Restore from this file (e.g. an archived copy, or a quarantined copy repaired by hand).", HelpName = "file" };
        var fromSerial = new Option<long?>("--serial") { Description = "Restore the kept previous generation with this serial (see `agentspec state history`).", HelpName = "n" };
        var autoApprove = new Option<bool>("--auto-approve") { Description = "Skip the confirmation prompt." };
        var allowLineage = new Option<bool>("--allow-lineage-change") { Description = "Accept a source whose lineage differs from the current state." };
        var acceptChecksum = new Option<bool>("--accept-checksum-mismatch")
        {
            Description = "Accept a source whose only problem is its checksum (a copy repaired by hand): it is restored as it reads and sealed with a new checksum.",
        };
        var lockOptions = new LockOptionsBinder();
        var command = new Command("recover", "Restore the state from its backup, a kept generation or a file, showing what would be lost first.") { fromBackup, fromFile, fromSerial, autoApprove, allowLineage, acceptChecksum };
        lockOptions.AddTo(command);
        command.SetGuardedAction(context, options, async (parseResult, settings, cancellationToken) =>
        {
            var file = parseResult.GetValue(fromFile);
            var serial = parseResult.GetValue(fromSerial);
            var sources = (parseResult.GetValue(fromBackup) ? 1 : 0) + (string.IsNullOrEmpty(file) ? 0 : 1) + (serial is null ? 0 : 1);
            if (sources != 1)
            {
                throw new CliException("Say where to recover from.", "Pass exactly one of --from-backup, --serial N or --from FILE.") { Code = "invalid_arguments" };
            }

            if (serial is < 1)
            {
                throw new CliException($"--serial {serial} is not a serial of a kept generation.", "Serials start at 1; `agentspec state history` lists the kept ones.") { Code = "invalid_arguments" };
            }

            var approved = parseResult.GetValue(autoApprove);
            var source = (serial is { } wanted ? StateRecoverySource.FromSerial(wanted)
                    : string.IsNullOrEmpty(file) ? StateRecoverySource.Backup
                    : StateRecoverySource.FromFile(settings.ResolvePath(file)))
                with { AcceptChecksumMismatch = parseResult.GetValue(acceptChecksum) };
            var lineageChangeAllowed = parseResult.GetValue(allowLineage);
            var waitReporter = new LockWaitReporter(context);
            await using var state = await StateBackends.OpenAsync(context, settings, cancellationToken);
            await using var stateLock = await state.Backend.LockAsync(lockOptions.Bind(parseResult, "state recover", waitReporter), cancellationToken);
            waitReporter.Finish();
            var plan = await stateLock.PlanRecoveryAsync(source, cancellationToken);
            if (!settings.Json)
            {
                DescribeRecovery(context, settings, plan);
            }

            // Refused before asking, not after a confirmation that could not be honoured.
            plan.EnsureLineageAllowed(lineageChangeAllowed);
            if (!approved)
            {
                if (!await Confirmation.AskAsync(context, settings, "Restore this state? Only 'yes' will be accepted: ", cancellationToken))
                {
                    context.Error.WriteLine("Recovery cancelled. Nothing was changed.");
                    return ExitCodes.Error;
                }
            }

            var result = await stateLock.RecoverAsync(plan, lineageChangeAllowed, cancellationToken);
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
        if (plan.SourceChecksumProblem is not null)
        {
            context.Out.WriteLine(settings.Ansi.Yellow($"The source is not sealed ({plan.SourceChecksumProblem}); it will be restored as it reads and sealed with a new checksum. Check the entries below."));
        }

        if (!plan.CurrentExists)
        {
            context.Out.WriteLine("There is no current state file.");
        }
        else if (plan.CurrentProblem is not null)
        {
            context.Out.WriteLine($"The current state cannot be read: {plan.CurrentProblem}. It will be kept aside, not deleted.");
        }
        else if (!plan.LineageMatches)
        {
            context.Out.WriteLine(settings.Ansi.Red($"The source comes from a different state: lineage {plan.Source.Lineage}; the current state has lineage {plan.Current?.Lineage}."));
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

    private static Command History(CliContext context, GlobalOptions options)
    {
        var command = new Command("history", "List the kept previous generations of the state, newest first (the file backend keeps one: its backup).");
        command.SetGuardedAction(context, options, async (_, settings, cancellationToken) =>
        {
            await using var state = await StateBackends.OpenAsync(context, settings, cancellationToken);
            IReadOnlyList<StateFileCheck> generations = state.Backend switch
            {
                Core.State.RedisBackend.RedisStateBackend redis => await redis.ListGenerationsAsync(cancellationToken),
                _ => (await state.Backend.VerifyAsync(cancellationToken)).Backup is { Exists: true } backup ? [backup] : [],
            };
            if (settings.Json)
            {
                context.Out.WriteLine(JsonSerializer.Serialize(generations, StateJsonContext.Relaxed.IReadOnlyListStateFileCheck));
                return ExitCodes.Success;
            }

            if (generations.Count == 0)
            {
                context.Out.WriteLine("No previous generation is kept yet.");
                return ExitCodes.Success;
            }

            foreach (var generation in generations)
            {
                var verdict = generation.Valid
                    ? $"serial {generation.Serial}, {generation.EntryCount} entries"
                    : settings.Ansi.Red($"DAMAGED: {TerminalText.Sanitize(generation.Problem)}");
                context.Out.WriteLine($"{generation.Path}: {verdict}");
            }

            context.Out.WriteLine("Restore one with `agentspec state recover --serial N`.");
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Unlock(CliContext context, GlobalOptions options)
    {
        var force = new Option<string>("--force")
        {
            Description = "Break the lock held under this lock id (see `agentspec state status`). Its holder can no longer commit.",
            HelpName = "lock-id",
            Required = true,
        };
        force.Validators.Add(result =>
        {
            if (string.IsNullOrWhiteSpace(result.GetValueOrDefault<string>()))
            {
                result.AddError("--force needs the lock id of the lock to break; `agentspec state status` shows it.");
            }
        });
        var command = new Command("unlock", "Break a state lock by id, for operators.") { force };
        command.SetGuardedAction(context, options, async (parseResult, settings, cancellationToken) =>
        {
            await using var state = await StateBackends.OpenAsync(context, settings, cancellationToken);
            var holder = await state.Backend.ForceUnlockAsync(parseResult.GetValue(force)!, cancellationToken);
            if (settings.Json)
            {
                context.Out.WriteLine(JsonSerializer.Serialize(new StateUnlockJson(holder.LockId, holder.Pid, holder.Hostname, holder.Operation), StateJsonContext.Relaxed.StateUnlockJson));
            }
            else
            {
                context.Out.WriteLine($"Broke the state lock held by {TerminalText.Sanitize(holder.Describe(context.TimeProvider.GetUtcNow()))}.");
            }

            return ExitCodes.Success;
        });
        return command;
    }
}
