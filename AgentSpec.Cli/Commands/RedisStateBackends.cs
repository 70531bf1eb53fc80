using AgentSpec.Core.State;
using StackExchange.Redis;

namespace AgentSpec.Cli.Commands;

/// <summary>Builds the Redis state backend of a workspace over an open connection.</summary>
public static class RedisStateBackends
{
    public static IStateBackend Create(CliContext context, IConnectionMultiplexer connection, string workspace)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(connection);
        throw new CliException($"The Redis state backend is not available in this build (workspace {workspace}).", "Use the file backend.") { Code = "state_backend" };
    }
}
