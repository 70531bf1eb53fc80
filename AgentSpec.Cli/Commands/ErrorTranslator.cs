using System.Net;
using AgentSpec.Cli.Runtime;
using AgentSpec.Core.Apply;
using AgentSpec.Core.CliContract;
using AgentSpec.Core.RuntimeApi;
using AgentSpec.Core.State;
using AgentSpec.Core.State.Errors;

namespace AgentSpec.Cli.Commands;

/// <summary>Maps failures from Core and the environment to user-facing <see cref="CliException"/>s.</summary>
public static class ErrorTranslator
{
    public static CliException? Translate(Exception exception, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return exception switch
        {
            CliException cli => cli,
            OperationCanceledException when cancellationToken.IsCancellationRequested =>
                new CliException("Interrupted.", "The command was cancelled; anything already committed is kept.") { Code = "interrupted" },
            StateLockTimeoutException locked =>
                new CliException(
                    locked.Message,
                    locked.LockId is null && !locked.Location.StartsWith("redis://", StringComparison.Ordinal)
                        ? $"`fuser -v {locked.Location}.lock` names the process that holds it."
                        : "`agentspec state status` shows the holder and when it last renewed its lease.",
                    ExitCodes.StateLocked) { Code = "state_locked" },
            StateRecoveryRequiredException damaged =>
                new CliException(damaged.Message, damaged.RecoveryHint, ExitCodes.StateCorrupted) { Code = "state_corrupted" },
            StateLockLostException lost =>
                new CliException(lost.Message, LockLostHint(lost.Loss)) { Code = "state_lock_lost" },
            StateFormatException format =>
                new CliException(format.Message, "Run the newer AgentSpec that wrote it, or upgrade this one.") { Code = "state_format" },
            StatePathException path =>
                new CliException(path.Message, path.Hint) { Code = "state_path" },
            StateLockIdMismatchException mismatch =>
                new CliException(
                    mismatch.Message,
                    mismatch.CurrentHolder is null
                        ? "Nothing to do: no command holds the lock."
                        : "Only the current lock id is accepted, so a lock that changed hands is never broken by mistake; make sure its holder is gone before breaking it.") { Code = "lock_id_mismatch" },
            StateRecoveryRejectedException rejected =>
                new CliException(rejected.Message, rejected.Hint) { Code = "recovery_rejected" },
            StateSerialExhaustedException exhausted =>
                new CliException(exhausted.Message, StateSerialExhaustedException.Hint) { Code = "state_serial_exhausted" },
            StatePlatformException platform =>
                new CliException(platform.Message, StatePlatformException.Hint) { Code = "state_platform" },
            StateBackendUnavailableException unavailable =>
                new CliException(unavailable.Message, unavailable.OutcomeUnknown
                    ? unavailable.Hint + " The last commit may or may not have been applied: `agentspec state status` shows the serial now stored."
                    : unavailable.Hint) { Code = "state_unavailable" },
            StateNotReplicatedException notReplicated =>
                new CliException(notReplicated.Message, notReplicated.Hint) { Code = "state_not_replicated" },
            StateImportRejectedException rejected =>
                new CliException(rejected.Message, rejected.Hint) { Code = "migration_rejected" },
            StateIOException io =>
                new CliException(io.Message, "Check free disk space, permissions and the disk's health (dmesg), then retry.") { Code = "state_io" },
            DeployTargetSelectionException selection =>
                new CliException(selection.Message, selection.Hint) { Code = "deploy_target" },
            UnknownDeployTargetException unknown =>
                new CliException(unknown.Message, "Change the deploy block's target, or pass --target to choose another block.") { Code = "deploy_target" },
            RuntimeUnreachableException { TimedOut: true } timedOut =>
                new CliException(
                    Sentence(timedOut.Message),
                    $"The runtime accepted the request but did not answer; check its health and logs, or allow more time with --timeout (or {RuntimeTimeout.VariableName}).") { Code = "runtime_timeout" },
            RuntimeUnreachableException unreachable =>
                new CliException(
                    Sentence(unreachable.Message),
                    $"Check that the runtime is running and the URL is right (--runtime-url or {RuntimeVariables.RuntimeUrl}).") { Code = "runtime_unreachable" },
            RuntimeApiException { ErrorCode: RuntimeClient.RedirectRefused } redirect =>
                new CliException(redirect.Message, $"If that address is the real runtime, pass it with --runtime-url (or {RuntimeVariables.RuntimeUrl}).") { Code = redirect.ErrorCode },
            RuntimeApiException { ErrorCode: RuntimeApiException.InvalidResponse } invalid =>
                new CliException(invalid.Message, "Check that the URL is an AgentSpec runtime of a compatible version (`agentspec --version`, GET /healthz).") { Code = invalid.ErrorCode },
            RuntimeApiException { ErrorCode: ErrorCodes.OutcomeUnknown } unknown =>
                new CliException(
                    $"The runtime answered {(int)unknown.StatusCode} {unknown.ErrorCode}: {unknown.Message}",
                    unknown.IdempotencyKey is { } key
                        ? $"The message may or may not have been stored; retry with --idempotency-key {key}: that returns the stored reply or stores it once."
                        : "The message may or may not have been stored; check the history before sending it again.") { Code = unknown.ErrorCode },
            RuntimeApiException { StatusCode: HttpStatusCode.Unauthorized } api =>
                new CliException($"The runtime refused the request: {api.Message}", $"Pass the runtime's API key with --api-key or {RuntimeVariables.ApiKey}.") { Code = api.ErrorCode },
            RuntimeApiException { StatusCode: HttpStatusCode.NotFound } api =>
                new CliException(api.Message, "List what exists with `agentspec agents` or `agentspec sessions list AGENT`.") { Code = api.ErrorCode },
            RuntimeApiException api =>
                new CliException(
                    $"The runtime answered {(int)api.StatusCode} {api.ErrorCode}: {api.Message}",
                    api.IsTransient ? "This is usually temporary (Redis or the model was unavailable); retry." : "Check the request.") { Code = api.ErrorCode },
            UnauthorizedAccessException denied =>
                new CliException(denied.Message, "Check the file permissions and that you own the working directory.") { Code = "permission_denied" },
            DirectoryNotFoundException missingDirectory =>
                new CliException(missingDirectory.Message, "Check the path.") { Code = "not_found" },
            FileNotFoundException missingFile =>
                new CliException($"File not found: {missingFile.FileName ?? missingFile.Message}", "Check the path.") { Code = "not_found" },
            IOException io =>
                new CliException($"I/O error: {io.Message}", "Check free disk space and permissions, then retry.") { Code = "io_error" },
            _ => null,
        };
    }

    private static string LockLostHint(StateLockLoss loss) => loss switch
    {
        StateLockLoss.BrokenAsStale => "Run the command again. If it was not hung, give every command on this state the same --stale-lock-timeout.",
        StateLockLoss.ForceUnlocked => "Run the command again once the operator who broke the lock is done.",
        StateLockLoss.StateChanged => "Make sure no other program writes the state file, then run the command again.",
        _ => "Run the command again.",
    };

    private static string Sentence(string message) =>
        message.Length == 0 ? message : char.ToUpperInvariant(message[0]) + message[1..] + (message.EndsWith('.') ? string.Empty : ".");
}
