using AgentSpec.Core.Sessions;

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
}
