using System.CommandLine;
using System.Text.Json;
using AgentSpec.Cli.Output;
using AgentSpec.Core.CliContract;
using AgentSpec.Core.State;

namespace AgentSpec.Cli.Commands;

/// <summary>
/// <c>agentspec state migrate --to file|redis [--dry-run]</c> (docs/state.md, "Migrating between backends"): copies
/// the current state with its lineage and serial from the selected backend to the other, under both locks,
/// refusing to overwrite another lineage or a newer serial, then reads the copy back and compares it.
/// The source is left as it was.
/// </summary>
public static class StateMigrateCommand
{
    public static Command Create(CliContext context, GlobalOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var to = new Option<string>("--to")
        {
            Description = "The backend to copy the state to: redis (the server of --state-redis, the workspace of --to-workspace or --workspace) or file (--to-state-file, default --state-file).",
            Required = true,
            HelpName = "file|redis",
        };
        to.AcceptOnlyFromAmong(StateVariables.FileBackend, StateVariables.RedisBackend);
        var toStateFile = new Option<string?>("--to-state-file") { Description = "With --to file: the state file to create (default: --state-file).", HelpName = "path" };
        var toWorkspace = new Option<string?>("--to-workspace") { Description = "With --to redis: the workspace to copy into (default: --workspace).", HelpName = "name" };
        var dryRun = new Option<bool>("--dry-run") { Description = "Check both sides and say what would be copied, without writing anything." };
        var lockOptions = new LockOptionsBinder();
        var command = new Command("migrate", "Copy the state, with its lineage and serial, to the other backend (file to Redis, or Redis to file).") { to, toStateFile, toWorkspace, dryRun };
        lockOptions.AddTo(command);
        command.SetGuardedAction(context, options, async (parseResult, settings, cancellationToken) =>
        {
            var sourceSelection = StateSelection.Resolve(context, settings);
            var destinationKind = StateSelection.ParseKind(parseResult.GetValue(to), "--to")!.Value;
            var destinationSelection = Destination(sourceSelection, destinationKind, settings, parseResult.GetValue(toStateFile), parseResult.GetValue(toWorkspace));
            var isDryRun = parseResult.GetValue(dryRun);

            await using var source = await StateBackends.OpenAsync(context, sourceSelection, cancellationToken);
            await using var destination = await StateBackends.OpenAsync(context, destinationSelection, cancellationToken);
            var waitReporter = new LockWaitReporter(context);
            var lockSettings = lockOptions.Bind(parseResult, "state migrate", waitReporter);

            // Source first, then destination: a second migrate waits on the source before it can hold anything else.
            await using var sourceLock = await source.Backend.LockAsync(lockSettings, cancellationToken);
            await using var destinationLock = await destination.Backend.LockAsync(lockSettings, cancellationToken);
            waitReporter.Finish();

            var loaded = await sourceLock.LoadAsync(cancellationToken);
            if (loaded.Recovery is { } recovery)
            {
                context.Error.WriteLine(settings.Ansi.Yellow(recovery.Describe()));
            }

            var document = loaded.Document;
            EnsureMigratable(source.Location, document);
            var existing = (await destinationLock.LoadAsync(cancellationToken)).Document;

            // The refusals (another lineage, a newer serial, diverged content) are checked before a dry run reports.
            var prepared = StateImport.Prepare(destination.Location, existing.Lineage, existing.Serial, existing.Checksum, document);
            var switchLines = SwitchLines.For(destinationSelection, settings);
            if (isDryRun)
            {
                Report(context, settings, "dry_run", source, destination, prepared.Document, existing, switchLines);
                return ExitCodes.Success;
            }

            StateCommitResult result;
            try
            {
                result = await destinationLock.ImportAsync(document, cancellationToken);
            }
            catch (NotSupportedException unsupported)
            {
                throw new CliException(unsupported.Message, "Nothing was written; use an AgentSpec whose backends both support state migrate.") { Code = "migration_unsupported" };
            }

            var copy = await destination.Backend.ReadAsync(cancellationToken);
            VerifyCopy(destination.Location, prepared.Document, copy);
            Report(context, settings, result.Written ? "migrated" : "unchanged", source, destination, prepared.Document, existing, switchLines);
            return ExitCodes.Success;
        });
        return command;
    }

    private static StateSelection Destination(StateSelection source, StateBackendKind kind, CommandSettings settings, string? toStateFile, string? toWorkspace)
    {
        var destination = kind == StateBackendKind.File
            ? source with { Kind = kind, StateFile = string.IsNullOrEmpty(toStateFile) ? settings.StateFile : settings.ResolvePath(toStateFile) }
            : source with { Kind = kind, Workspace = toWorkspace is null ? source.Workspace : WorkspaceName.Validate(toWorkspace, "--to-workspace") };
        var samePlace = source.Kind == destination.Kind && (kind == StateBackendKind.File
            ? string.Equals(source.StateFile, destination.StateFile, StringComparison.Ordinal)
            : string.Equals(source.Workspace, destination.Workspace, StringComparison.Ordinal));
        if (samePlace)
        {
            throw new CliException(
                kind == StateBackendKind.File
                    ? $"The state already is the file {source.StateFile}: there is nothing to migrate."
                    : $"The state already is in the Redis workspace {source.Workspace}: there is nothing to migrate.",
                kind == StateBackendKind.File
                    ? $"To copy a Redis state into this file, select Redis as the source (--state-backend redis or {StateVariables.Backend}=redis); to copy the file elsewhere, add --to-state-file PATH."
                    : "To copy the file state into Redis, select the file as the source (--state-backend file); to copy into another workspace, add --to-workspace NAME.") { Code = "invalid_arguments" };
        }

        return destination;
    }

    private static void EnsureMigratable(string location, StateDocument document)
    {
        if (document.Serial == 0 && document.Entries.Count == 0)
        {
            throw new CliException($"There is no state at {location}: there is nothing to migrate.", "Check --state-file, --state-backend and --workspace (the source is the backend they select).") { Code = "not_found" };
        }

        if (string.IsNullOrEmpty(document.Lineage))
        {
            throw new CliException(
                $"The state at {location} has no lineage (format {document.Version}), so its copy could not be told apart from another state.",
                "Run `agentspec apply` once on it (that upgrades it to format 2 with a lineage), then migrate.") { Code = "state_format" };
        }
    }

    /// <summary>Reads the copy back and compares it with what was meant to be written: lineage, serial, unknown fields and every entry, byte for byte.</summary>
    private static void VerifyCopy(string location, StateDocument expected, StateDocument copy)
    {
        var problem = !string.Equals(copy.Lineage, expected.Lineage, StringComparison.Ordinal) ? $"its lineage is {copy.Lineage}, not {expected.Lineage}"
            : copy.Serial != expected.Serial ? $"its serial is {copy.Serial}, not {expected.Serial}"
            : copy.Entries.Count != expected.Entries.Count ? $"it has {copy.Entries.Count} entries, not {expected.Entries.Count}"
            : FirstDifferentEntry(expected, copy) is { } fqn ? $"entry {fqn} differs"
            : !ExtraEquals(expected, copy) ? "its unknown top-level fields differ"
            : null;
        if (problem is not null)
        {
            throw new CliException(
                $"The copy in {location} does not read back as the state that was copied: {problem}.",
                "The source was not changed; check the destination with `agentspec state verify` there before anyone uses it, then migrate again.") { Code = "migration_verify_failed" };
        }
    }

    private static string? FirstDifferentEntry(StateDocument expected, StateDocument copy)
    {
        for (var i = 0; i < expected.Entries.Count; i++)
        {
            var wanted = JsonSerializer.Serialize(expected.Entries[i], StateJsonContext.Default.StateEntry);
            var found = JsonSerializer.Serialize(copy.Entries[i], StateJsonContext.Default.StateEntry);
            if (!string.Equals(wanted, found, StringComparison.Ordinal))
            {
                return expected.Entries[i].Fqn;
            }
        }

        return null;
    }

    private static bool ExtraEquals(StateDocument expected, StateDocument copy)
    {
        static IEnumerable<string> Fields(StateDocument document) =>
            (document.Extra ?? []).Where(p => p.Key != "checksum").OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Key + "=" + p.Value.GetRawText());
        return Fields(expected).SequenceEqual(Fields(copy), StringComparer.Ordinal);
    }

    private static void Report(CliContext context, CommandSettings settings, string status, OpenStateBackend source, OpenStateBackend destination, StateDocument copied, StateDocument existing, SwitchLines switchLines)
    {
        if (settings.Json)
        {
            context.Out.WriteLine(JsonSerializer.Serialize(
                new StateMigrationJson(status, source.Location, destination.Location, copied.Serial, copied.Lineage, copied.Entries.Count, existing.Serial, switchLines.Flags, switchLines.Environment),
                StateJsonContext.Relaxed.StateMigrationJson));
            return;
        }

        var what = $"{copied.Entries.Count} entries (serial {copied.Serial}, lineage {copied.Lineage})";
        var over = existing.Serial == 0 ? "an empty destination" : $"serial {existing.Serial} of the same state";
        context.Out.WriteLine(status switch
        {
            "dry_run" => $"Would copy {what} from {source.Location} to {destination.Location}, over {over}. Nothing was written (--dry-run).",
            "unchanged" => settings.Ansi.Green($"{destination.Location} already holds this state ({what}); nothing was written."),
            _ => settings.Ansi.Green($"Copied {what} from {source.Location} to {destination.Location}, over {over}; the copy reads back identical."),
        });
        if (status == "dry_run")
        {
            return;
        }

        context.Out.WriteLine($"The source {source.Location} is unchanged: once everyone uses the new state, remove or archive it so nobody applies to it by mistake.");
        context.Out.WriteLine("To use the new state, pass");
        context.Out.WriteLine($"  {switchLines.FlagsLine}");
        context.Out.WriteLine("or set");
        context.Out.WriteLine($"  {switchLines.ExportLine}");
        if (switchLines.PasswordOmitted)
        {
            context.Out.WriteLine("(the password is not shown: add it to the connection string as ,password=...)");
        }
    }
}
