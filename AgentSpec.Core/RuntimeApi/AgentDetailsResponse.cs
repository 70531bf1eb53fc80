using AgentSpec.Core.Apply;

namespace AgentSpec.Core.RuntimeApi;

/// <summary>The answer to <c>GET /v1/agents/{name}</c>: the deployed definition, as it was PUT, and its times.</summary>
public sealed record AgentDetailsResponse(string Name, string Hash, DateTimeOffset DeployedAt, DateTimeOffset UpdatedAt, AgentDefinition Definition);
