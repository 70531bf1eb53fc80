namespace AgentSpec.Core.State.Errors;

/// <summary>
/// The server that holds the state could not be used: unreachable, timed out, wrong password, a read-only
/// replica, out of memory (docs/state.md, "Redis backend"). The message is one sentence naming the cause
/// and whether anything was written; <see cref="Hint"/> says what to check. When <see cref="OutcomeUnknown"/>
/// is false nothing was written.
/// </summary>
public sealed class StateBackendUnavailableException : StateException
{
    public StateBackendUnavailableException(string location, string message, string hint, Exception? innerException = null)
        : base(location, message, innerException)
    {
        Hint = hint;
    }

    /// <summary>What to check, for the CLI's hint line.</summary>
    public string Hint { get; }

    /// <summary>
    /// A commit was sent and its outcome could not be read back: it may or may not have been applied. The
    /// next command that loads the state sees whichever it was (never a mix).
    /// </summary>
    public bool OutcomeUnknown { get; init; }
}
