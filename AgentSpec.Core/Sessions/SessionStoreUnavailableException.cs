namespace AgentSpec.Core.Sessions;

/// <summary>The session store could not complete an operation; nothing partial was written.</summary>
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
}
