namespace AgentSpec.Cli.Runtime;

/// <summary><c>GET /healthz</c>.</summary>
public sealed record RuntimeHealth(string Status, string Version, long? Agents, string? AgentRegistry, string? SessionStore, string? Model);
