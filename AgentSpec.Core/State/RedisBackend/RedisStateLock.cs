using System.Diagnostics;
using System.Globalization;
using AgentSpec.Core.State.Errors;
using AgentSpec.Core.State.Format;
using AgentSpec.Core.Telemetry;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace AgentSpec.Core.State.RedisBackend;

/// <summary>
/// The held lock of a <see cref="RedisStateBackend"/>: load with automatic recovery from the newest valid
/// generation, commits through the fenced commit script, and explicit recovery (docs/state.md, "Redis backend").
/// </summary>
internal sealed class RedisStateLock(RedisStateServer server, RedisStateBackendOptions options, ILogger logger, TimeProvider time, RedisStateLease lease) : IStateLock
{
    private const int ReadBackAttempts = 5;
    private static readonly TimeSpan ReadBackPause = TimeSpan.FromMilliseconds(250);

    /// <summary>One read-back may wait this long: the client's own timeout (often a minute) would hold the command hostage.</summary>
    private static readonly TimeSpan ReadBackTimeout = TimeSpan.FromSeconds(1);

    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly KeyValuePair<string, object?>[] _tags = [new(StateTelemetry.BackendTag, "redis"), new(StateTelemetry.WorkspaceTag, options.Workspace)];
    private Snapshot? _current;
    private bool _disposed;

    public string Location => server.Location;

    public StateLockHolderInfo Holder => lease.Holder;

    public TimeSpan WaitTime => lease.Waited;

    public Task<StateLoadResult> LoadAsync(CancellationToken cancellationToken) => ExclusiveAsync(async () =>
    {
        using var activity = StateTelemetry.StartActivity(StateTelemetry.LoadSpan, Location, options.Workspace);
        activity?.SetTag("state.locked", true);
        var stored = await server.ReadDocumentAsync(cancellationToken).ConfigureAwait(false);
        var parse = stored.Parse;
        parse.ThrowIfUntouchable(Location);
        StateBackupRestore? recovery = null;
        StateDocument loaded;
        switch (parse.Outcome)
        {
            case StateParseOutcome.Valid:
                loaded = parse.Document!;
                _current = Snapshot.Of(loaded, stored);
                if (stored.GenerationCount > 0)
                {
                    await QuarantineDamagedNewestGenerationsAsync(stored, loaded.Serial, cancellationToken).ConfigureAwait(false);
                }

                break;
            case StateParseOutcome.Missing:
                if (stored.GenerationCount > 0)
                {
                    var newest = await server.ReadNewestGenerationAsync(cancellationToken).ConfigureAwait(false);
                    throw new StateMissingException(Location, server.BackupPath, newest.Document?.Serial, StateFileCheck.ConditionOf(newest), newest.Problem);
                }

                loaded = StateDocument.Empty();
                _current = new Snapshot(StateDocument.CurrentVersion, 0, string.Empty, null, stored.FenceSerial, stored.FenceLineage);
                break;
            default:
                (loaded, recovery) = await RestoreGenerationAsync(stored, cancellationToken).ConfigureAwait(false);
                activity?.SetTag("state.recovered_from_backup", true);
                break;
        }

        activity?.SetTag("state.serial", loaded.Serial);
        return new StateLoadResult(loaded, recovery, 0);
    }, cancellationToken);

    public Task<StateCommitResult> CommitAsync(StateDocument document, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(document);
        return ExclusiveAsync(async () =>
        {
            var current = _current ?? throw new InvalidOperationException("Load the state (LoadAsync) before committing it.");
            using var activity = StateTelemetry.StartActivity(StateTelemetry.CommitSpan, Location, options.Workspace);
            var started = time.GetTimestamp();
            var prepared = StateCommitPreparation.Prepare(document, current.IsMissing, current.IsLegacy, current.Serial, current.Lineage, current.Checksum, Location);
            if (prepared.File is null)
            {
                activity?.SetTag("state.written", false);
                return new StateCommitResult(false, current.Serial, prepared.Document.Clone());
            }

            var next = prepared.Document;
            await WriteAsync(started, next, prepared.File, current, keepPrevious: true, quarantine: null, activity, cancellationToken).ConfigureAwait(false);
            if (current.IsLegacy)
            {
                StateLog.Upgraded(logger, Location, StateDocument.LegacyVersion, StateDocument.CurrentVersion, next.Serial);
            }

            return new StateCommitResult(true, next.Serial, next.Clone());
        }, cancellationToken);
    }

    public Task<StateCommitResult> ImportAsync(StateDocument document, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(document);
        return ExclusiveAsync(async () =>
        {
            var current = _current ?? throw new InvalidOperationException("Load the state (LoadAsync) before importing over it.");
            using var activity = StateTelemetry.StartActivity(StateTelemetry.CommitSpan, Location, options.Workspace);
            activity?.SetTag("state.import", true);
            var started = time.GetTimestamp();
            var prepared = StateImport.Prepare(Location, current.Lineage, current.Serial, current.Checksum, document);
            if (prepared.AlreadyThere)
            {
                activity?.SetTag("state.written", false);
                return new StateCommitResult(false, current.Serial, prepared.Document.Clone());
            }

            // The destination's previous generation (same lineage, lower serial) is kept like any other.
            await WriteAsync(started, prepared.Document, prepared.Bytes, current, keepPrevious: !current.IsMissing, quarantine: null, activity, cancellationToken).ConfigureAwait(false);
            return new StateCommitResult(true, prepared.Document.Serial, prepared.Document.Clone());
        }, cancellationToken);
    }

    public Task<StateRecoveryPlan> PlanRecoveryAsync(StateRecoverySource source, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        return ExclusiveAsync(async () =>
        {
            var generations = await server.ReadGenerationsAsync(cancellationToken).ConfigureAwait(false);
            var (sourcePath, sourceParse) = await FindSourceAsync(source, generations, cancellationToken).ConfigureAwait(false);
            var sourceDocument = AcceptSource(source, sourcePath, sourceParse);
            var stored = await server.ReadDocumentAsync(cancellationToken).ConfigureAwait(false);
            var currentParse = stored.Parse;
            currentParse.ThrowIfUntouchable(Location);

            // Above every serial still readable (the current document, damaged or not, and every generation), so no two states share a serial.
            var highest = new[] { currentParse.KnownSerial, sourceDocument.Serial }.Concat(generations.Select(g => g.KnownSerial)).Max();
            return StateRecoveryPlanner.Plan(Location, sourcePath, sourceParse, sourceDocument, currentParse, highest, "the state does not exist", stored.Identity);
        }, cancellationToken);
    }

    public Task<StateCommitResult> RecoverAsync(StateRecoveryPlan plan, bool allowLineageChange, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plan);
        return ExclusiveAsync(async () =>
        {
            plan.EnsureLineageAllowed(allowLineageChange);
            var stored = await server.ReadDocumentAsync(cancellationToken).ConfigureAwait(false);
            if (stored.Identity != plan.CurrentFileId)
            {
                throw new StateRecoveryRejectedException(
                    Location,
                    $"The state {Location} changed since the recovery was planned. Nothing was changed.",
                    "Run `agentspec state recover` again to see what it would do now.");
            }

            stored.Parse.ThrowIfUntouchable(Location);
            using var activity = StateTelemetry.StartActivity(StateTelemetry.CommitSpan, Location, options.Workspace);
            activity?.SetTag("state.recovery", true);
            var restored = StateRecoveryPlanner.Restored(plan);
            var damaged = stored.Parse.Outcome == StateParseOutcome.Damaged;
            var quarantine = damaged ? server.Keys.Quarantine(time.GetUtcNow()) : null;
            var expected = Snapshot.Fence(stored);

            // A valid current document becomes a generation, so the recovery itself can be undone.
            await WriteAsync(time.GetTimestamp(), restored, StateSerializer.Serialize(restored), expected, keepPrevious: stored.Parse.IsValid, quarantine, activity, cancellationToken).ConfigureAwait(false);
            if (damaged)
            {
                StateLog.CorruptionDetected(logger, Location, stored.Parse.Problem!, server.KeyPath(quarantine!));
            }

            StateLog.Recovered(logger, Location, plan.SourcePath, plan.Source.Serial, restored.Serial);
            return new StateCommitResult(true, restored.Serial, restored);
        }, cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
        }
        finally
        {
            _gate.Release();
        }

        await lease.DisposeAsync().ConfigureAwait(false);
    }

    private async Task<T> ExclusiveAsync<T>(Func<Task<T>> action, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return await action().ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// A damaged document is renamed aside (quarantine, never deleted) and the newest valid generation
    /// restored, in one fenced script; serial above every serial involved.
    /// </summary>
    private async Task<(StateDocument, StateBackupRestore)> RestoreGenerationAsync(RedisStoredDocument stored, CancellationToken cancellationToken)
    {
        var damaged = stored.Parse;
        var generations = await server.ReadGenerationsAsync(cancellationToken).ConfigureAwait(false);
        var index = -1;
        for (var i = 0; i < generations.Count; i++)
        {
            if (generations[i].IsValid)
            {
                index = i;
                break;
            }
        }

        if (index < 0)
        {
            var newest = generations.Count > 0 ? generations[0] : StateParse.Missing;
            StateLog.CorruptionDetected(logger, Location, damaged.Problem!, null);
            if (newest.Outcome == StateParseOutcome.Damaged)
            {
                StateLog.BackupAlsoCorrupted(logger, Location, server.BackupPath, newest.Problem!);
            }

            // Left in place (it is the only copy); nothing replaces it until a recovery does.
            throw new StateCorruptedException(Location, damaged.Problem!, null, server.BackupPath, StateFileCheck.ConditionOf(newest), newest.Problem);
        }

        var source = generations[index].Document!;
        var sourcePath = server.GenerationPath(index);
        StateLog.BackupFallback(logger, Location, sourcePath, source.Serial);
        var restored = source.Clone();
        restored.Version = StateDocument.CurrentVersion;
        restored.Checksum = null;
        restored.Lineage = string.IsNullOrEmpty(restored.Lineage) ? Guid.NewGuid().ToString() : restored.Lineage;
        restored.Serial = NextSerial(new[] { damaged.KnownSerial, source.Serial }.Concat(generations.Select(g => g.KnownSerial)).Max());
        var quarantine = server.Keys.Quarantine(time.GetUtcNow());
        await WriteAsync(time.GetTimestamp(), restored, StateSerializer.Serialize(restored), Snapshot.Fence(stored), keepPrevious: false, quarantine, activity: null, cancellationToken).ConfigureAwait(false);
        StateLog.CorruptionDetected(logger, Location, damaged.Problem!, server.KeyPath(quarantine));
        StateTelemetry.CorruptionRecoveries.Add(1, _tags);
        return (restored.Clone(), new StateBackupRestore(damaged.Problem!, server.KeyPath(quarantine), sourcePath, source.Serial, restored.Serial));
    }

    /// <summary>
    /// The Redis counterpart of the file backend's backup repair (docs/state.md, "Load, damage and recovery"):
    /// a damaged newest generation beside a valid document is set aside under a quarantine key (never deleted)
    /// and dropped from the list, with one warning, so the next generation heads it and verify and history see
    /// only verifiable generations. Dropped rather than replaced by a copy of the document, which would list
    /// the current serial twice in the history. Repeats while the new head is damaged too; stops quietly when the
    /// fenced script finds something changed (the next commit's fence reports that).
    /// </summary>
    private async Task QuarantineDamagedNewestGenerationsAsync(RedisStoredDocument stored, long serial, CancellationToken cancellationToken)
    {
        for (var i = 0; i < stored.GenerationCount; i++)
        {
            var (bytes, newest) = await server.ReadNewestGenerationBytesAsync(cancellationToken).ConfigureAwait(false);
            if (bytes is null || newest.Outcome != StateParseOutcome.Damaged)
            {
                // Missing or valid; a newer format is not damage and is left alone, as for files.
                return;
            }

            var keys = server.Keys;
            var quarantine = keys.Quarantine(time.GetUtcNow());
            var done = (long)await server.EvaluateAsync(
                "quarantine of a damaged generation",
                RedisStateScripts.QuarantineNewestGeneration,
                [keys.Document, keys.Generations, keys.Lock, quarantine, keys.Holder],
                [lease.Holder.LockId, stored.FenceSerial, stored.FenceLineage, bytes],
                cancellationToken).ConfigureAwait(false);
            if (done != 1)
            {
                return;
            }

            StateLog.GenerationQuarantined(logger, Location, server.BackupPath, newest.Problem!, server.KeyPath(quarantine), serial);
        }
    }

    private async Task<(string Path, StateParse Parse)> FindSourceAsync(StateRecoverySource source, IReadOnlyList<StateParse> generations, CancellationToken cancellationToken)
    {
        if (source.FilePath is { } file)
        {
            try
            {
                var bytes = File.Exists(file) ? await File.ReadAllBytesAsync(file, cancellationToken).ConfigureAwait(false) : null;
                return (file, StateSerializer.Parse(bytes));
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                throw new StateRecoveryRejectedException(Location, $"Cannot recover from {file}: {exception.Message}", "Check the path and its permissions.");
            }
        }

        if (source.Serial is { } serial)
        {
            for (var i = 0; i < generations.Count; i++)
            {
                if ((generations[i].Document?.Serial ?? generations[i].SerialHint) == serial)
                {
                    return (server.GenerationPath(i), generations[i]);
                }
            }

            var kept = string.Join(", ", generations.Select(g => g.Document?.Serial ?? g.SerialHint).OfType<long>());
            throw new StateRecoveryRejectedException(
                Location,
                $"There is no kept generation with serial {serial.ToString(CultureInfo.InvariantCulture)} in {Location} (kept: {(kept.Length == 0 ? "none" : kept)}).",
                "Pick a kept serial (`agentspec state history`), or recover from a copy kept elsewhere (--from FILE).");
        }

        return (server.BackupPath, generations.Count > 0 ? generations[0] : StateParse.Missing);
    }

    private StateDocument AcceptSource(StateRecoverySource source, string sourcePath, StateParse parse) =>
        StateRecoveryPlanner.AcceptSource(Location, source, sourcePath, parse, "Use another kept generation (`agentspec state history`) or a copy kept elsewhere (--from FILE).");

    /// <summary>
    /// Runs the commit script. Fencing failures throw <see cref="StateLockLostException"/> (nothing written);
    /// a commit whose answer never came is resolved by reading the serial back before anything else.
    /// </summary>
    private async Task WriteAsync(long started, StateDocument document, byte[] bytes, Snapshot expected, bool keepPrevious, string? quarantine, Activity? activity, CancellationToken cancellationToken)
    {
        var keys = server.Keys;
        var serial = document.Serial.ToString(CultureInfo.InvariantCulture);
        RedisKey[] scriptKeys = [keys.Document, keys.Generations, keys.Lock, quarantine ?? keys.Document + ":quarantine:unused", keys.Holder];
        RedisValue[] values =
        [
            lease.Holder.LockId, expected.FenceSerial, expected.FenceLineage, bytes, serial, document.Lineage, document.Checksum,
            options.GenerationsKept, time.GetUtcNow().ToUnixTimeMilliseconds(), keepPrevious ? 1 : 0, quarantine is null ? 0 : 1, lease.LeaseMilliseconds,
        ];
        RedisResult[] reply;
        try
        {
            reply = (RedisResult[])(await server.Database.ScriptEvaluateAsync(RedisStateScripts.Commit, scriptKeys, values).WaitAsync(cancellationToken).ConfigureAwait(false))!;
        }
        catch (Exception exception) when (RedisStateServer.IsRedisFailure(exception))
        {
            StateLog.CommitFailed(logger, Location, "commit", exception.Message);
            if (!RedisStateServer.MayHaveBeenSent(exception))
            {
                throw server.Unavailable(exception, "the commit");
            }

            await ResolveUnknownOutcomeAsync(document, expected, exception).ConfigureAwait(false);
            reply = [RedisResult.Create(1)];
        }

        var code = (long)reply[0];
        if (code != 1)
        {
            var found = long.TryParse((string?)reply[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var foundSerial) ? foundSerial : (long?)null;
            var loss = code == -1 ? await DescribeLossAsync().ConfigureAwait(false) : StateLockLoss.StateChanged;
            var reason = loss == StateLockLoss.StateChanged ? "the state changed in Redis since this command loaded it, so something wrote it without the lock" : StateLockLostException.Describe(loss);
            StateLog.LockLost(logger, Location, expected.Serial, found, reason);
            throw new StateLockLostException(Location, expected.Serial, found, loss);
        }

        _current = new Snapshot(document.Version, document.Serial, document.Lineage, document.Checksum, serial, document.Lineage);
        var elapsed = time.GetElapsedTime(started);
        StateTelemetry.CommitDuration.Record(elapsed.TotalMilliseconds, _tags);
        StateLog.Committed(logger, Location, document.Serial, bytes.Length, elapsed.TotalMilliseconds);
        activity?.SetTag("state.written", true);
        activity?.SetTag("state.serial", document.Serial);

        // The primary holds the commit from here on, whatever the replicas say: it is recorded as written above.
        if (options.ReplicasToWait > 0)
        {
            await WaitForReplicasAsync(document.Serial, activity, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// The commit was sent and no answer came: read the serial and checksum back (the client reconnects on its
    /// own) and decide. Written: carry on. Not written: nothing was, say so. Unreadable: the outcome is unknown.
    /// </summary>
    private async Task ResolveUnknownOutcomeAsync(StateDocument document, Snapshot expected, Exception failure)
    {
        for (var attempt = 0; attempt < ReadBackAttempts; attempt++)
        {
            RedisValue[] fields;
            try
            {
                fields = await server.Database.HashGetAsync(server.Keys.Document, ["serial", "checksum"]).WaitAsync(ReadBackTimeout, time).ConfigureAwait(false);
            }
            catch (Exception exception) when (RedisStateServer.IsRedisFailure(exception))
            {
                await Task.Delay(ReadBackPause, time).ConfigureAwait(false);
                continue;
            }

            var serial = (string?)fields[0] ?? string.Empty;
            if (serial == document.Serial.ToString(CultureInfo.InvariantCulture) && (string?)fields[1] == document.Checksum)
            {
                StateLog.CommitOutcomeResolved(logger, Location, document.Serial, "written");
                return;
            }

            StateLog.CommitOutcomeResolved(logger, Location, document.Serial, "not written");
            throw server.Unavailable(failure, "the commit");
        }

        throw new StateBackendUnavailableException(
            Location,
            $"The state server {server.Endpoint} stopped answering after the commit of serial {document.Serial.ToString(CultureInfo.InvariantCulture)} was sent, and the serial could not be read back, so it may or may not have been written (serial {expected.Serial.ToString(CultureInfo.InvariantCulture)} or {document.Serial.ToString(CultureInfo.InvariantCulture)}).",
            "Run `agentspec state status` once the server answers: the state is whole either way.",
            failure) { OutcomeUnknown = true };
    }

    /// <summary>
    /// <c>WAIT N timeout</c> after a commit the primary already holds: fewer confirmations raise
    /// <see cref="StateNotReplicatedException"/>, which says the write is on the primary only.
    /// </summary>
    private async Task WaitForReplicasAsync(long serial, Activity? activity, CancellationToken cancellationToken)
    {
        var timeoutMs = (long)options.ReplicaTimeout.TotalMilliseconds;
        var confirmed = (long)await server.RunAsync("waiting for replicas", db => db.ExecuteAsync("WAIT", options.ReplicasToWait, timeoutMs), cancellationToken).ConfigureAwait(false);
        activity?.SetTag("state.replicas_confirmed", confirmed);
        if (confirmed < options.ReplicasToWait)
        {
            var timeout = StateDurations.Format(options.ReplicaTimeout);
            StateLog.NotReplicated(logger, Location, serial, confirmed, options.ReplicasToWait, timeout);
            throw new StateNotReplicatedException(Location, server.Endpoint, serial, confirmed, options.ReplicasToWait, timeout);
        }
    }

    private async Task<StateLockLoss> DescribeLossAsync()
    {
        try
        {
            var fields = await server.Database.HashGetAsync(server.Keys.Broken, ["holder", "how"]).ConfigureAwait(false);
            var broken = RedisStateBackend.ParseHolder((string?)fields[0]);
            if (broken?.LockId != lease.Holder.LockId)
            {
                return StateLockLoss.Broken;
            }

            return (string?)fields[1] == "forced" ? StateLockLoss.ForceUnlocked : StateLockLoss.BrokenAsStale;
        }
        catch (Exception exception) when (RedisStateServer.IsRedisFailure(exception))
        {
            return StateLockLoss.Broken;
        }
    }

    private long NextSerial(long serial) => StateCommitPreparation.NextSerial(serial, Location);

    /// <summary>What the lock remembers of the stored document: the fence fields exactly as stored, and serial, lineage and checksum for the no-op check.</summary>
    private sealed record Snapshot(string Version, long Serial, string Lineage, string? Checksum, string FenceSerial, string FenceLineage)
    {
        public bool IsLegacy => Version == StateDocument.LegacyVersion;

        public bool IsMissing => Checksum is null && !IsLegacy;

        public static Snapshot Of(StateDocument document, RedisStoredDocument stored) =>
            new(document.Version, document.Serial, document.Lineage, document.Checksum, stored.FenceSerial, stored.FenceLineage);

        public static Snapshot Fence(RedisStoredDocument stored) =>
            new(StateDocument.CurrentVersion, stored.Parse.KnownSerial, stored.Parse.Document?.Lineage ?? stored.FenceLineage, null, stored.FenceSerial, stored.FenceLineage);
    }
}
