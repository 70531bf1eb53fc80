namespace AgentSpec.IntegrationTests.Infrastructure;

/// <summary>One running runtime replica and the address it listens on itself (behind the orchestrator's proxy).</summary>
public sealed record RuntimeReplica(string ResourceId, Uri Url);
