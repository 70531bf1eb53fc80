namespace AgentSpec.Core.RuntimeApi;

/// <summary>Body of <c>POST /v1/agents/{name}/invoke</c>: without a session id a new session is created.</summary>
public sealed class InvokeRequest
{
    public string? Message { get; init; }

    public string? SessionId { get; init; }
}
