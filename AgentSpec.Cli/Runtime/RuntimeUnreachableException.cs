namespace AgentSpec.Cli.Runtime;

/// <summary>The runtime could not be reached at all (connection refused, unknown host, TLS failure or no answer in time).</summary>
public sealed class RuntimeUnreachableException : Exception
{
    public RuntimeUnreachableException()
    {
    }

    public RuntimeUnreachableException(string message)
        : base(message)
    {
    }

    public RuntimeUnreachableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public RuntimeUnreachableException(Uri baseAddress, string reason, Exception innerException)
        : base($"could not reach the runtime at {baseAddress}: {reason}", innerException)
    {
        BaseAddress = baseAddress;
    }

    public Uri? BaseAddress { get; }

    /// <summary>The runtime accepted the request but did not answer within the timeout (<c>--timeout</c>).</summary>
    public bool TimedOut { get; init; }
}
