namespace AgentSpec.Cli.Runtime;

/// <summary>The answer to a deploy; <see cref="Status"/> is <c>created</c>, <c>updated</c> or <c>unchanged</c>.</summary>
public sealed record AgentDeployment(string Name, string Hash, string Status, DateTimeOffset DeployedAt, DateTimeOffset UpdatedAt)
{
    public bool Changed => !string.Equals(Status, "unchanged", StringComparison.Ordinal);
}
