namespace AgentSpec.Core.RuntimeApi;

/// <summary>One entry of <c>GET /v1/agents</c>.</summary>
/// <param name="Model">The model the agent names in IntentLang.</param>
/// <param name="ServedBy">
/// The model that actually answers it on this runtime: <c>offline</c> (the built-in offline model, the default),
/// or the deployed model name at the configured endpoint (docs/tools.md, "Models"); null from older runtimes.
/// </param>
public sealed record AgentSummary(
    string Name,
    string Package,
    string Fqn,
    string Hash,
    string? Model,
    string? Prompt,
    IReadOnlyList<string> Skills,
    DateTimeOffset DeployedAt,
    DateTimeOffset UpdatedAt,
    string? ServedBy = null);
