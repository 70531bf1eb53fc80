namespace AgentSpec.Core.RuntimeApi;

/// <summary>Body of <c>POST /v1/agents/{name}/sessions/{id}</c>.</summary>
public sealed class SendMessageRequest
{
    public string? Message { get; init; }
}
