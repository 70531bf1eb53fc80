namespace AgentSpec.Core.RuntimeApi;

/// <summary>The answer to <c>PUT /v1/agents/{name}</c>; <see cref="Status"/> is one of <see cref="DeployStatus"/>.</summary>
public sealed record AgentDeployResponse(string Name, string Hash, string Status, DateTimeOffset DeployedAt, DateTimeOffset UpdatedAt);
