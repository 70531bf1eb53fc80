using AgentSpec.Core.State;
using AgentSpec.Core.State.FileBackend;
using Microsoft.Extensions.Logging;

namespace AgentSpec.Cli.Commands;

/// <summary>Opens the state backend a command works on (docs/cli.md, "State backends"): the file, or a Redis workspace.</summary>
public static class StateBackends
{
    /// <summary>The backend the flags and environment select. Dispose it: a Redis backend holds a connection.</summary>
    public static Task<OpenStateBackend> OpenAsync(CliContext context, CommandSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(settings);
        var selection = StateSelection.Resolve(context, settings).EnsureConsistent(settings);
        return OpenAsync(context, selection, cancellationToken);
    }

    public static async Task<OpenStateBackend> OpenAsync(CliContext context, StateSelection selection, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(selection);
        if (selection.Kind == StateBackendKind.File)
        {
            var file = new FileStateBackend(selection.StateFile, context.LoggerFactory.CreateLogger<FileStateBackend>(), context.TimeProvider);
            return new OpenStateBackend(selection, file, connection: null);
        }

        var options = RedisStateConnection.Parse(selection.RedisConnection);
        var connection = await RedisStateConnection.ConnectAsync(options, cancellationToken);
        try
        {
            return new OpenStateBackend(selection, RedisStateBackends.Create(context, connection, selection), connection);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }
}
