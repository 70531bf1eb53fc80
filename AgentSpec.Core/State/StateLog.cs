using Microsoft.Extensions.Logging;

namespace AgentSpec.Core.State;

/// <summary>
/// Every state event of docs/telemetry.md ("State log events"), with stable event ids (3000-3099) and the listed
/// field names, which dashboards and alerts depend on.
/// </summary>
internal static partial class StateLog
{
    public const string Category = "AgentSpec.State";

    [LoggerMessage(EventId = 3001, EventName = "StateLockAcquired", Level = LogLevel.Information,
        Message = "Acquired the state lock on {path} (pid {pid}, lock id {lock_id}) after {wait_ms} ms")]
    public static partial void LockAcquired(ILogger logger, string path, int pid, string lock_id, double wait_ms);

    [LoggerMessage(EventId = 3002, EventName = "StateLockReleased", Level = LogLevel.Information,
        Message = "Released the state lock on {path} (pid {pid}, lock id {lock_id}) after holding it {held_ms} ms")]
    public static partial void LockReleased(ILogger logger, string path, int pid, string lock_id, double held_ms);

    // Some fields below are for telemetry only: the message names the holder through a description that
    // reads well when it never identified itself ("an unidentified holder"), and shows durations for
    // humans ("5m00s") while the *_ms fields keep the number.
#pragma warning disable SYSLIB1015 // Argument is not referenced from the logging message

    [LoggerMessage(EventId = 3003, EventName = "StateLockWaitStarted", Level = LogLevel.Information,
        Message = "Waiting for the state lock on {path} held by {holder}")]
    public static partial void LockWaitStarted(ILogger logger, string path, string holder, int? holder_pid, string? holder_host, string? holder_operation);

    [LoggerMessage(EventId = 3004, EventName = "StateStaleLockRecovered", Level = LogLevel.Warning,
        Message = "Stale lock recovered on {path}: PID {stale_pid} on {stale_host} left it {stale_age} ago without releasing it (lock id {stale_lock_id})")]
    public static partial void StaleLockRecovered(ILogger logger, string path, int stale_pid, string stale_age, double stale_age_ms, string stale_host, string stale_lock_id);

    [LoggerMessage(EventId = 3005, EventName = "StateStaleLockBroken", Level = LogLevel.Warning,
        Message = "Stale lock broken on {path}: {stale_holder} has not renewed it for {stale_age}; its lock file was moved to {broken_as}")]
    public static partial void StaleLockBroken(ILogger logger, string path, string stale_holder, int? stale_pid, string stale_age, double stale_age_ms, string? stale_host, string? stale_lock_id, string broken_as);

    [LoggerMessage(EventId = 3006, EventName = "StateLockTimeout", Level = LogLevel.Error,
        Message = "Timed out waiting for the state lock on {path} held by {holder} after {wait_ms} ms")]
    public static partial void LockTimeout(ILogger logger, string path, string holder, int? holder_pid, double wait_ms);

#pragma warning restore SYSLIB1015

    [LoggerMessage(EventId = 3007, EventName = "StateCorruptionDetected", Level = LogLevel.Error,
        Message = "State corruption detected in {path}: {reason}; quarantined as {quarantined_as}")]
    public static partial void CorruptionDetected(ILogger logger, string path, string reason, string? quarantined_as);

    [LoggerMessage(EventId = 3008, EventName = "StateBackupFallback", Level = LogLevel.Error,
        Message = "Restoring {path} from its backup {backup_path} (serial {backup_serial})")]
    public static partial void BackupFallback(ILogger logger, string path, string backup_path, long backup_serial);

    [LoggerMessage(EventId = 3009, EventName = "StateBackupAlsoCorrupted", Level = LogLevel.Error,
        Message = "The backup {backup_path} of {path} is damaged too: {reason}")]
    public static partial void BackupAlsoCorrupted(ILogger logger, string path, string backup_path, string reason);

    [LoggerMessage(EventId = 3010, EventName = "StateLockLost", Level = LogLevel.Error,
        Message = "Lost the state lock on {path}: expected serial {expected_serial}, found {found_serial}; {reason}. Nothing was written")]
    public static partial void LockLost(ILogger logger, string path, long expected_serial, long? found_serial, string reason);

    [LoggerMessage(EventId = 3011, EventName = "StateLockForceUnlocked", Level = LogLevel.Warning,
        Message = "Force-unlocked {path}: broke lock id {lock_id} held by PID {stale_pid} on {stale_host}; its lock file was moved to {broken_as}")]
    public static partial void ForceUnlocked(ILogger logger, string path, string lock_id, int stale_pid, string stale_host, string broken_as);

    [LoggerMessage(EventId = 3012, EventName = "StateCommitted", Level = LogLevel.Debug,
        Message = "Committed {path} at serial {serial} ({bytes} bytes in {commit_ms} ms)")]
    public static partial void Committed(ILogger logger, string path, long serial, int bytes, double commit_ms);

    [LoggerMessage(EventId = 3013, EventName = "StateCommitFailed", Level = LogLevel.Error,
        Message = "Commit of {path} failed at {operation}: {error}. The previous state is unchanged")]
    public static partial void CommitFailed(ILogger logger, string path, string operation, string error);

    [LoggerMessage(EventId = 3014, EventName = "StateTempFileRemoved", Level = LogLevel.Information,
        Message = "Removed {temp_path}, left by an interrupted commit of {path}")]
    public static partial void TempFileRemoved(ILogger logger, string path, string temp_path);

    [LoggerMessage(EventId = 3015, EventName = "StateReadFromBackup", Level = LogLevel.Warning,
        Message = "The state {path} is damaged ({reason}); reading its backup {backup_path} (serial {backup_serial}) instead. The next locked command restores it")]
    public static partial void ReadFromBackup(ILogger logger, string path, string reason, string backup_path, long backup_serial);

    [LoggerMessage(EventId = 3016, EventName = "StateLockRenewalFailed", Level = LogLevel.Warning,
        Message = "Could not renew the state lock lease on {path} (lock id {lock_id}): {error}")]
    public static partial void LockRenewalFailed(ILogger logger, string path, string lock_id, string error);

    [LoggerMessage(EventId = 3017, EventName = "StateRecovered", Level = LogLevel.Warning,
        Message = "Recovered {path} from {source_path} (source serial {source_serial}); now serial {serial}")]
    public static partial void Recovered(ILogger logger, string path, string source_path, long source_serial, long serial);

    [LoggerMessage(EventId = 3018, EventName = "StateUpgraded", Level = LogLevel.Information,
        Message = "Upgraded {path} from format {from_version} to {to_version} (serial {serial})")]
    public static partial void Upgraded(ILogger logger, string path, string from_version, string to_version, long serial);

    [LoggerMessage(EventId = 3019, EventName = "StateBackupReplaced", Level = LogLevel.Warning,
        Message = "The backup {backup_path} of {path} was damaged ({reason}); it was kept as {quarantined_as} and replaced by a copy of the valid state (serial {serial})")]
    public static partial void BackupReplaced(ILogger logger, string path, string backup_path, string reason, string quarantined_as, long serial);

    // 3040-3049: the Redis backend (docs/state.md, "Redis backend").

    [LoggerMessage(EventId = 3040, EventName = "StateDurabilityAtRisk", Level = LogLevel.Warning,
        Message = "Acknowledged writes to {path} would not survive a crash of the server: {reason}")]
    public static partial void DurabilityAtRisk(ILogger logger, string path, string reason);

    [LoggerMessage(EventId = 3041, EventName = "StateBackendUnavailable", Level = LogLevel.Error,
        Message = "The state server of {path} failed during {operation}: {error}")]
    public static partial void BackendUnavailable(ILogger logger, string path, string operation, string error);

    [LoggerMessage(EventId = 3042, EventName = "StateCommitOutcomeResolved", Level = LogLevel.Warning,
        Message = "The commit of {path} at serial {serial} got no answer; reading the state back shows it was {outcome}")]
    public static partial void CommitOutcomeResolved(ILogger logger, string path, long serial, string outcome);

    [LoggerMessage(EventId = 3043, EventName = "StateNotReplicated", Level = LogLevel.Error,
        Message = "Serial {serial} of {path} was written on the primary, but only {confirmed} of the {required} replicas required confirmed it within {timeout}")]
    public static partial void NotReplicated(ILogger logger, string path, long serial, long confirmed, int required, string timeout);

    [LoggerMessage(EventId = 3044, EventName = "StateGenerationQuarantined", Level = LogLevel.Warning,
        Message = "The newest kept generation {generation_path} of {path} was damaged ({reason}); it was kept as {quarantined_as} and removed from the generations beside the valid state (serial {serial})")]
    public static partial void GenerationQuarantined(ILogger logger, string path, string generation_path, string reason, string quarantined_as, long serial);
}
