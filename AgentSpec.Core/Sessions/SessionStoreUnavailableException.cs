namespace AgentSpec.Core.Sessions;

/// <summary>
/// The session store could not complete an operation. Writes are atomic, so nothing partial was written;
/// but when <see cref="OutcomeUnknown"/> is true the write had been sent before the store stopped
/// answering, so it may have been applied whole.
/// </summary>
public sealed class SessionStoreUnavailableException : Exception
{
    public SessionStoreUnavailableException()
    {
    }

    public SessionStoreUnavailableException(string message)
        : base(message)
    {
    }

    public SessionStoreUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>
    /// A write was sent and no answer came back (connection dropped, timeout): it may or may not have
    /// been applied. False means it is known that nothing was written.
    /// </summary>
    public bool OutcomeUnknown { get; init; }
}
