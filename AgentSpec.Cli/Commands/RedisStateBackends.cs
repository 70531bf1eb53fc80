using AgentSpec.Core.State;
using AgentSpec.Core.State.RedisBackend;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace AgentSpec.Cli.Commands;

/// <summary>Builds the Redis state backend of a workspace over an open connection.</summary>
public static class RedisStateBackends
{
    public static IStateBackend Create(CliContext context, IConnectionMultiplexer connection, StateSelection selection)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(selection);
        var options = new RedisStateBackendOptions
        {
            Workspace = selection.Workspace,
            ReplicasToWait = selection.ReplicasToWait,
        };
        return new RedisStateBackend(connection, options, context.LoggerFactory.CreateLogger<RedisStateBackend>(), context.TimeProvider);
    }
}
