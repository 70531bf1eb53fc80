using System.Net;
using AgentSpec.Cli.Runtime;
using AgentSpec.Core.Apply;
using AgentSpec.Core.Sessions;
using AgentSpec.Core.State;

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
                    locked.LockId is null
                        ? "Retry later, or raise --lock-timeout."
                        : $"Wait for that operation to finish, or raise --lock-timeout. If the holder is gone for good: agentspec state unlock --force {locked.LockId}",
                    ExitCodes.StateLocked) { Code = "state_locked" },
            StateRecoveryRequiredException damaged =>
                new CliException(damaged.Message, damaged.RecoveryHint, ExitCodes.StateCorrupted) { Code = "state_corrupted" },
            StateLockLostException lost =>
                new CliException(lost.Message, "Another agentspec process broke this lock because it looked hung; run the command again.") { Code = "state_lock_lost" },
            StateFormatException format =>
                new CliException(format.Message, "Install a newer agentspec to read this state.") { Code = "state_format" },
            StateLockIdMismatchException mismatch =>
                new CliException(mismatch.Message, "Run `agentspec state status` to see the current lock id.") { Code = "lock_id_mismatch" },
            StateRecoveryRejectedException rejected =>
                new CliException(rejected.Message, "Check the recovery source with `agentspec state verify`.") { Code = "recovery_rejected" },
            StateIOException io =>
                new CliException(io.Message, "The previous state is unchanged. Check free disk space and permissions, then retry.") { Code = "state_io" },
            DeployTargetSelectionException selection =>
                new CliException(selection.Message, selection.Hint) { Code = "deploy_target" },
            UnknownDeployTargetException unknown =>
                new CliException(unknown.Message, "Change the deploy block's target, or pass --target to choose another block.") { Code = "deploy_target" },
            RuntimeUnreachableException unreachable =>
                new CliException(
                    Sentence(unreachable.Message),
                    $"Check that the runtime is running and the URL is right (--runtime-url or {RuntimeEndpoint.UrlVariable}).") { Code = "runtime_unreachable" },
            RuntimeApiException { StatusCode: HttpStatusCode.Unauthorized } api =>
                new CliException($"The runtime refused the request: {api.Message}", $"Pass the runtime's API key with --api-key or {RuntimeEndpoint.ApiKeyVariable}.") { Code = api.ErrorCode },
            RuntimeApiException { StatusCode: HttpStatusCode.NotFound } api =>
                new CliException(api.Message, "List what exists with `agentspec agents` or `agentspec sessions list AGENT`.") { Code = api.ErrorCode },
            RuntimeApiException api =>
                new CliException(
                    $"The runtime answered {(int)api.StatusCode} {api.ErrorCode}: {api.Message}",
                    api.IsTransient ? "This is usually temporary (Redis or the model was unavailable); retry." : "Check the request.") { Code = api.ErrorCode },
            SessionStoreUnavailableException store =>
                new CliException(store.Message, "Check that Redis is running and reachable.") { Code = "session_store_unavailable" },
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

    private static string Sentence(string message) =>
        message.Length == 0 ? message : char.ToUpperInvariant(message[0]) + message[1..] + (message.EndsWith('.') ? string.Empty : ".");
}
