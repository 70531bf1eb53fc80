using AgentSpec.Core.Apply;

namespace AgentSpec.Cli.Runtime;

/// <summary><c>GET /v1/agents/{name}</c>: the deployed definition and its times.</summary>
public sealed record DeployedAgentDetails(string Name, string Hash, DateTimeOffset DeployedAt, DateTimeOffset UpdatedAt, AgentDefinition Definition);
