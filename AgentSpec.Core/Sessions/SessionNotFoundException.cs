namespace AgentSpec.Core.Sessions;

/// <summary>The session does not exist (never created, deleted or expired).</summary>
public sealed class SessionNotFoundException : Exception
{
    public SessionNotFoundException()
    {
    }

    public SessionNotFoundException(string sessionId)
        : base($"Session '{sessionId}' does not exist.")
    {
        SessionId = sessionId;
    }

    public SessionNotFoundException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public string? SessionId { get; }
}
