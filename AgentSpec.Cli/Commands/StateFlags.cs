namespace AgentSpec.Cli.Commands;

/// <summary>The state selection flags as typed (null when not given): <c>--state-backend</c>, <c>--state-redis</c>, <c>--workspace</c>, <c>--state-redis-replicas</c>.</summary>
public sealed record StateFlags(string? Backend, string? RedisConnection, string? Workspace, int? RedisReplicas = null)
{
    public static StateFlags None { get; } = new(null, null, null);
}
