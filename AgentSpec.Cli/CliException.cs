using AgentSpec.Core.CliContract;
namespace AgentSpec.Cli;

/// <summary>
/// A failure the user can act on: one sentence saying what went wrong, and a hint saying what to do.
/// Printed without a stack trace.
/// </summary>
public sealed class CliException : Exception
{
    public CliException()
    {
    }

    public CliException(string message)
        : base(message)
    {
    }

    public CliException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public CliException(string message, string? hint, int exitCode = ExitCodes.Error, Exception? innerException = null)
        : base(message, innerException)
    {
        Hint = hint;
        ExitCode = exitCode;
    }

    public string? Hint { get; }

    public int ExitCode { get; } = ExitCodes.Error;

    /// <summary>A stable machine-readable code for <c>--output json</c>.</summary>
    public string Code { get; init; } = "error";
}
