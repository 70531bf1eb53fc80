namespace AgentSpec.Runtime.Errors;

/// <summary>Size limits of requests; beyond them the runtime answers 413 <c>payload_too_large</c>.</summary>
public static class RequestLimits
{
    public const int MaxBodyBytes = 1024 * 1024;

    /// <summary>One chat message, in UTF-8 bytes.</summary>
    public const int MaxMessageBytes = 64 * 1024;

    public const int MaxIdempotencyKeyLength = 200;

    public const int DefaultHistoryPage = 50;

    public const int MaxHistoryPage = 1000;

    public const int DefaultSessionList = 100;

    public const int MaxSessionList = 1000;
}
