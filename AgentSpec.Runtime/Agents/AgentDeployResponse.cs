namespace AgentSpec.Runtime.Agents;

/// <summary>The answer to <c>PUT /v1/agents/{name}</c>; <see cref="Status"/> is created, updated or unchanged.</summary>
public sealed record AgentDeployResponse(string Name, string Hash, string Status, DateTimeOffset DeployedAt, DateTimeOffset UpdatedAt);
