using System.Diagnostics;
using AgentSpec.Core.State.Errors;
using AgentSpec.Core.State.FileBackend.FileSystem;
using AgentSpec.Core.State.Format;
using AgentSpec.Core.Telemetry;
using Microsoft.Extensions.Logging;

namespace AgentSpec.Core.State.FileBackend;

/// <summary>
/// The held lock of a <see cref="FileStateBackend"/>: load with automatic recovery (docs/state.md, "Load and automatic recovery"),
/// commits through <see cref="StateCommitProtocol"/> with fencing, and explicit recovery.
/// </summary>
/// <remarks>
/// Every temp file in the directory belongs to an earlier holder and is removed when the lock is taken
/// (<see cref="RemoveEarlierHoldersTempFiles"/>), before this holder does anything: a holder that was paused and
/// fenced out can then never rename its temp file over the state or <c>.bak</c> (its rename finds nothing),
/// whichever command holds the lock next.
/// </remarks>
internal sealed class FileStateLock(StateFilePaths paths, IStateFileSystem fileSystem, ILogger logger, TimeProvider time, StateLease lease) : IStateLock
{
    private readonly StateCommitProtocol _commit = new(fileSystem, paths, logger, time);
    private readonly StateQuarantine _quarantine = new(fileSystem, paths, time);
    private readonly StateFileReader _reader = new(fileSystem, paths.State);
    private readonly SemaphoreSlim _gate = new(1, 1);

    private StateSnapshot? _current;
    private int _leftoversRemoved;
    private bool _disposed;

    /// <summary>Runs <paramref name="action"/> alone (one operation of this lock at a time), unless the lock was released.</summary>
    private async Task<T> ExclusiveAsync<T>(Func<T> action, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return action();
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Called once, right after the lock was taken.</summary>
    public void RemoveEarlierHoldersTempFiles() => _leftoversRemoved = Guard(_commit.RemoveLeftovers);

    public string Location => paths.State;

    public StateLockHolderInfo Holder => lease.Holder;

    public TimeSpan WaitTime => lease.Waited;

    public async Task<StateLoadResult> LoadAsync(CancellationToken cancellationToken)
    {
        return await ExclusiveAsync(() =>
        {
            using var activity = StateTelemetry.StartActivity(StateTelemetry.LoadSpan, paths.State);
            activity?.SetTag("state.locked", true);
            var removed = _leftoversRemoved;
            _leftoversRemoved = 0;
            var (parse, info) = _reader.Read(paths.State);
            StateBackupRestore? recovery = null;
            StateDocument loaded;
            // Not damage: a newer AgentSpec owns the file, or it is not a file; it is neither quarantined nor replaced.
            parse.ThrowIfUntouchable(paths.State);
            switch (parse.Outcome)
            {
                case StateParseOutcome.Valid:
                    loaded = parse.Document!;
                    _current = StateSnapshot.Of(loaded, info!.Id);
                    RepairBackup(loaded.Serial, info.Id);
                    break;
                case StateParseOutcome.Missing:
                    _reader.ThrowIfOnlyTheBackupExists(paths);
                    loaded = StateDocument.Empty();
                    _current = StateSnapshot.Missing();
                    break;
                default:
                    (loaded, recovery) = RestoreBackup(parse, info!);
                    activity?.SetTag("state.recovered_from_backup", true);
                    break;
            }

            activity?.SetTag("state.serial", loaded.Serial);
            return new StateLoadResult(loaded, recovery, removed);
        }, cancellationToken);
    }

    public async Task<StateCommitResult> CommitAsync(StateDocument document, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(document);
        return await ExclusiveAsync(() =>
        {
            var current = _current ?? throw new InvalidOperationException("Load the state (LoadAsync) before committing it.");
            using var activity = StateTelemetry.StartActivity(StateTelemetry.CommitSpan, paths.State);
            var started = time.GetTimestamp();

            var prepared = StateCommitPreparation.Prepare(document, current.IsMissing, current.IsLegacy, current.Serial, current.Lineage, current.Checksum, paths.State);
            if (prepared.File is null)
            {
                activity?.SetTag("state.written", false);
                return new StateCommitResult(false, current.Serial, prepared.Document.Clone());
            }

            var next = prepared.Document;
            Write(started, next, prepared.File, keepBackup: true, expectedSerial: current.Serial, expectedFileId: current.FileId, activity);
            if (current.IsLegacy)
            {
                StateLog.Upgraded(logger, paths.State, StateDocument.LegacyVersion, StateDocument.CurrentVersion, next.Serial);
            }

            // The caller gets its own copy: the next commit must not see later changes through it, nor it ours.
            return new StateCommitResult(true, next.Serial, next.Clone());
        }, cancellationToken);
    }

    public async Task<StateCommitResult> ImportAsync(StateDocument document, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(document);
        return await ExclusiveAsync(() =>
        {
            var current = _current ?? throw new InvalidOperationException("Load the state (LoadAsync) before importing over it.");
            using var activity = StateTelemetry.StartActivity(StateTelemetry.CommitSpan, paths.State);
            activity?.SetTag("state.import", true);
            var started = time.GetTimestamp();
            var prepared = StateImport.Prepare(paths.State, current.Lineage, current.Serial, current.Checksum, document);
            if (prepared.AlreadyThere)
            {
                activity?.SetTag("state.written", false);
                return new StateCommitResult(false, current.Serial, prepared.Document.Clone());
            }

            // The destination's previous generation (same lineage, lower serial) stays as the backup.
            Write(started, prepared.Document, prepared.Bytes, keepBackup: !current.IsMissing, expectedSerial: current.Serial, expectedFileId: current.FileId, activity);
            return new StateCommitResult(true, prepared.Document.Serial, prepared.Document.Clone());
        }, cancellationToken);
    }

    public async Task<StateRecoveryPlan> PlanRecoveryAsync(StateRecoverySource source, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        return await ExclusiveAsync(() =>
        {
            var sourcePath = source.FilePath is null ? paths.Backup : ResolveLinks(source.FilePath);
            var (sourceParse, _) = _reader.Read(sourcePath);
            var sourceDocument = AcceptSource(source, sourcePath, sourceParse);
            if (source.Serial is { } wanted && sourceDocument.Serial != wanted)
            {
                // The file backend keeps one previous generation: its backup.
                throw new StateRecoveryRejectedException(
                    paths.State,
                    $"There is no kept generation with serial {wanted}: the only one is the backup {sourcePath} (serial {sourceDocument.Serial}).",
                    "Recover from the backup (--from-backup) or from a copy kept elsewhere (--from FILE).");
            }

            var (currentParse, currentInfo) = _reader.Read(paths.State);
            currentParse.ThrowIfUntouchable(paths.State);
            var backupParse = string.Equals(sourcePath, paths.Backup, StringComparison.Ordinal) ? sourceParse : _reader.Read(paths.Backup).Parse;

            // Above every serial still readable in the files involved, damaged ones included (the current
            // state is quarantined by this recovery), so no two different states ever share a serial.
            var others = Math.Max(backupParse.KnownSerial, sourceDocument.Serial);
            var highest = Math.Max(SerialOfReplacedState(currentParse, others, backupParse.Outcome != StateParseOutcome.Missing), others);
            return StateRecoveryPlanner.Plan(paths.State, sourcePath, sourceParse, sourceDocument, currentParse, highest, "the state file does not exist", currentInfo?.Id);
        }, cancellationToken);
    }

    public async Task<StateCommitResult> RecoverAsync(StateRecoveryPlan plan, bool allowLineageChange, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plan);
        return await ExclusiveAsync(() =>
        {
            plan.EnsureLineageAllowed(allowLineageChange);
            var (currentParse, currentInfo) = _reader.Read(paths.State);
            if (currentInfo?.Id != plan.CurrentFileId)
            {
                throw new StateRecoveryRejectedException(
                    paths.State,
                    $"The state {paths.State} changed since the recovery was planned. Nothing was changed.",
                    "Run `agentspec state recover` again to see what it would do now.");
            }

            currentParse.ThrowIfUntouchable(paths.State);

            using var activity = StateTelemetry.StartActivity(StateTelemetry.CommitSpan, paths.State);
            activity?.SetTag("state.recovery", true);
            var currentValid = currentParse.IsValid;
            if (currentParse.Outcome == StateParseOutcome.Damaged)
            {
                var quarantinedAs = Guard(() => _quarantine.Keep(paths.State, paths.CorruptPrefix));
                StateLog.CorruptionDetected(logger, paths.State, currentParse.Problem!, quarantinedAs);
            }
            else if (currentValid)
            {
                // The commit's backup step replaces .bak with the current state: a damaged backup is kept first.
                var (backup, _) = _reader.Read(paths.Backup);
                if (backup.Outcome == StateParseOutcome.Damaged)
                {
                    var quarantinedAs = Guard(() => _quarantine.Keep(paths.Backup, paths.CorruptBackupPrefix));
                    StateLog.CorruptionDetected(logger, paths.Backup, backup.Problem!, quarantinedAs);
                }
            }

            var restored = StateRecoveryPlanner.Restored(plan);
            var expectedSerial = currentParse.KnownSerial;

            // A valid current state becomes the backup, so the recovery itself can be undone; a damaged
            // or missing one must not replace a good backup.
            Write(time.GetTimestamp(), restored, StateSerializer.Serialize(restored), keepBackup: currentValid, expectedSerial, plan.CurrentFileId, activity);
            StateLog.Recovered(logger, paths.State, plan.SourcePath, plan.Source.Serial, restored.Serial);
            return new StateCommitResult(true, restored.Serial, restored);
        }, cancellationToken);
    }

    public ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return ValueTask.CompletedTask;
        }

        _disposed = true;
        lease.Dispose();
        return ValueTask.CompletedTask;
    }

    private long NextSerial(long serial) => StateCommitPreparation.NextSerial(serial, paths.State);

    /// <summary>
    /// A damaged backup beside a valid state is repaired at once, under the lock: kept aside (quarantine),
    /// then replaced by a copy of the state, with one warning. The next load finds it valid, so this happens once.
    /// </summary>
    private void RepairBackup(long loadedSerial, string loadedFileId)
    {
        var (backup, _) = _reader.Read(paths.Backup);
        if (backup.Outcome != StateParseOutcome.Damaged)
        {
            // Missing or valid; a newer format or a non-file is not damage and is left alone.
            return;
        }

        var quarantinedAs = Guard(() => _quarantine.Keep(paths.Backup, paths.CorruptBackupPrefix));
        var stateBytes = Guard(() => fileSystem.ReadAll(paths.State));
        if (stateBytes is null)
        {
            // The state vanished under the lock; the next commit's fence reports it.
            StateLog.CorruptionDetected(logger, paths.Backup, backup.Problem!, quarantinedAs);
            return;
        }

        _commit.ReplaceBackup(stateBytes, () => Fence(loadedSerial, loadedFileId));
        StateLog.BackupReplaced(logger, paths.State, paths.Backup, backup.Problem!, quarantinedAs, loadedSerial);
    }

    private StateDocument AcceptSource(StateRecoverySource source, string sourcePath, StateParse parse) =>
        StateRecoveryPlanner.AcceptSource(
            paths.State,
            source,
            sourcePath,
            parse,
            "Use another copy (check it with `agentspec state verify --state-file FILE`), or repair this one by hand and restore it with --accept-checksum-mismatch.");

    /// <summary>
    /// The serial the current state counts with when a recovery replaces it. One whose serial cannot be read
    /// — damaged (the canonical form puts the serial near the end, so truncation usually loses it), or
    /// deleted while its backup remains — is counted one generation ahead of <paramref name="others"/>, as a
    /// state is ahead of its backup, so the recovery does not hand its likely serial to a different state.
    /// </summary>
    private static long SerialOfReplacedState(StateParse current, long others, bool backupExists) => current.Outcome switch
    {
        StateParseOutcome.Damaged when current.SerialHint is null => others + 1,
        StateParseOutcome.Missing when backupExists => others + 1,
        _ => current.KnownSerial,
    };

    /// <summary>A recovery source given through a symbolic link is read from the file it names (reading follows no link into the state).</summary>
    private static string ResolveLinks(string path)
    {
        try
        {
            return new FileInfo(path).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? path;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return path;
        }
    }

    private (StateDocument Restored, StateBackupRestore Recovery) RestoreBackup(StateParse damaged, StateFileInfo damagedInfo)
    {
        var quarantinedAs = Guard(() => _quarantine.Keep(paths.State, paths.CorruptPrefix));
        StateLog.CorruptionDetected(logger, paths.State, damaged.Problem!, quarantinedAs);
        var (backup, _) = _reader.Read(paths.Backup);
        if (!backup.IsValid)
        {
            if (backup.Outcome == StateParseOutcome.Damaged)
            {
                StateLog.BackupAlsoCorrupted(logger, paths.State, paths.Backup, backup.Problem!);
            }

            throw new StateCorruptedException(paths.State, damaged.Problem!, quarantinedAs, paths.Backup, StateFileCheck.ConditionOf(backup), backup.Problem);
        }

        var backupDocument = backup.Document!;
        StateLog.BackupFallback(logger, paths.State, paths.Backup, backupDocument.Serial);
        var restored = backupDocument;
        var backupSerial = backupDocument.Serial;
        restored.Version = StateDocument.CurrentVersion;
        restored.Checksum = null;
        restored.Lineage = string.IsNullOrEmpty(restored.Lineage) ? Guid.NewGuid().ToString() : restored.Lineage;

        // Above the damaged file's serial too, so no two different states ever share a serial.
        restored.Serial = NextSerial(Math.Max(backupSerial, SerialOfReplacedState(damaged, backupSerial, backupExists: true)));
        Write(time.GetTimestamp(), restored, StateSerializer.Serialize(restored), keepBackup: false, expectedSerial: damaged.SerialHint ?? 0, expectedFileId: damagedInfo.Id, activity: null);
        StateTelemetry.CorruptionRecoveries.Add(1, StateTelemetry.FileBackend);
        return (restored, new StateBackupRestore(damaged.Problem!, quarantinedAs, paths.Backup, backupSerial, restored.Serial));
    }

    /// <summary>Commits <paramref name="bytes"/> (the file of <paramref name="document"/>, checksum set) and makes it the current state.</summary>
    /// <param name="started">When the commit began (its serialization included), for the duration telemetry.</param>
    private void Write(long started, StateDocument document, byte[] bytes, bool keepBackup, long expectedSerial, string? expectedFileId, Activity? activity)
    {
        _commit.Commit(
            bytes,
            keepBackup,
            fence: () => Fence(expectedSerial, expectedFileId),
            onRenamed: () => _current = StateSnapshot.Of(document, Guard(() => fileSystem.GetInfo(paths.State)?.Id)));

        var elapsed = time.GetElapsedTime(started);
        StateTelemetry.CommitDuration.Record(elapsed.TotalMilliseconds, StateTelemetry.FileBackend);
        StateLog.Committed(logger, paths.State, document.Serial, bytes.Length, elapsed.TotalMilliseconds);
        activity?.SetTag("state.written", true);
        activity?.SetTag("state.serial", document.Serial);
    }

    /// <summary>
    /// Fencing (docs/state.md, "Commit protocol"): this lock must still be the current one, and the state on disk
    /// must be the one loaded (same file, or at least the same serial). Otherwise nothing is written.
    /// </summary>
    private void Fence(long expectedSerial, string? expectedFileId)
    {
        if (!lease.IsCurrent())
        {
            var found = ReadSerialForReport();
            var loss = lease.DescribeLoss();
            var reason = StateLockLostException.Describe(loss);
            StateLog.LockLost(logger, paths.State, expectedSerial, found, reason);
            throw new StateLockLostException(paths.State, expectedSerial, found, loss);
        }

        if (fileSystem.GetInfo(paths.State)?.Id == expectedFileId)
        {
            return;
        }

        var (parse, _) = _reader.Read(paths.State);
        var foundSerial = parse.Document?.Serial ?? parse.SerialHint ?? (parse.Outcome == StateParseOutcome.Missing ? 0 : null);
        if (parse.Outcome != StateParseOutcome.Damaged && foundSerial == expectedSerial)
        {
            return;
        }

        var reported = parse.Outcome == StateParseOutcome.Missing ? null : foundSerial;
        var changed = StateLockLostException.Describe(StateLockLoss.StateChanged);
        StateLog.LockLost(logger, paths.State, expectedSerial, reported, changed);
        throw new StateLockLostException(paths.State, expectedSerial, reported, StateLockLoss.StateChanged);
    }

    private long? ReadSerialForReport()
    {
        try
        {
            var (parse, _) = _reader.Read(paths.State);
            return parse.Document?.Serial ?? parse.SerialHint;
        }
        catch (StateIOException)
        {
            return null;
        }
    }

    private T Guard<T>(Func<T> operation)
    {
        try
        {
            return operation();
        }
        catch (FileOperationException ex)
        {
            throw new StateIOException(paths.State, ex.Operation, ex.Path, ex.Errno, $"State file operation failed: {ex.Message}.", ex);
        }
    }
}
