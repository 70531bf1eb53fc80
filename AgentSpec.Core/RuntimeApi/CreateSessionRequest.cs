namespace AgentSpec.Core.RuntimeApi;

/// <summary>Body of <c>POST /v1/agents/{name}/sessions</c> (optional).</summary>
public sealed class CreateSessionRequest
{
    public IReadOnlyDictionary<string, string>? Metadata { get; init; }
}
