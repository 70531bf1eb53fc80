namespace AgentSpec.Runtime.Sessions;

/// <summary>Body of <c>POST /v1/agents/{name}/sessions</c> (optional).</summary>
public sealed class CreateSessionRequest
{
    public Dictionary<string, string>? Metadata { get; init; }
}
