using AgentSpec.Core.State;
using AgentSpec.Core.State.FileBackend;
using Microsoft.Extensions.Logging;

namespace AgentSpec.Cli.Commands;

/// <summary>Opens the state backend a command works on (the file named by <c>--state-file</c>).</summary>
public static class StateBackends
{
    public static IStateBackend Open(CliContext context, CommandSettings settings)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(settings);
        return new FileStateBackend(settings.StateFile, context.LoggerFactory.CreateLogger<FileStateBackend>(), context.TimeProvider);
    }
}
