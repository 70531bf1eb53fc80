namespace AgentSpec.Core.RuntimeApi;

/// <summary>The answer to <c>GET /healthz</c>.</summary>
/// <param name="Status"><c>ok</c>, or <c>degraded</c> when the agent registry's store cannot be read.</param>
/// <param name="Agents">Deployed agents; null when the registry cannot be read or the caller sent no valid key.</param>
/// <param name="AgentRegistry"><c>redis</c> or <c>memory</c>; only with a valid key.</param>
/// <param name="SessionStore"><c>redis</c> or <c>memory</c>; only with a valid key.</param>
/// <param name="Model"><c>offline</c> or <c>openai-compatible</c>; only with a valid key.</param>
public sealed record HealthzResponse(string Status, string Version, long? Agents, string? AgentRegistry, string? SessionStore, string? Model);
