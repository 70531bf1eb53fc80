using AgentSpec.Core.State;
using StackExchange.Redis;

namespace AgentSpec.Cli.Commands;

/// <summary>A state backend opened for one command, with the Redis connection it owns (if any); disposing closes it.</summary>
public sealed class OpenStateBackend(StateSelection selection, IStateBackend backend, IConnectionMultiplexer? connection) : IAsyncDisposable
{
    public StateSelection Selection { get; } = selection;

    public IStateBackend Backend { get; } = backend;

    public StateBackendKind Kind => Selection.Kind;

    public string Location => Backend.Location;

    public async ValueTask DisposeAsync()
    {
        if (connection is not null)
        {
            await connection.DisposeAsync();
        }
    }
}
