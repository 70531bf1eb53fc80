using AgentSpec.Core.CliContract;
using AgentSpec.Core.Telemetry;

namespace AgentSpec.Cli.Commands;

/// <summary>
/// Which state a command works on (docs/cli.md, "State backends"): flags first, then the environment, then the
/// file backend. <c>--state-redis</c> alone does not select Redis (it also names the destination of
/// <c>state migrate --to redis</c>); a command given it while the backend is the file refuses instead of
/// silently writing a local file.
/// </summary>
public sealed record StateSelection(StateBackendKind Kind, string StateFile, string? RedisConnection, string Workspace)
{
    /// <summary>With Redis: how many replicas must acknowledge a commit (<c>WAIT</c>) before it is reported done.</summary>
    public int ReplicasToWait { get; init; }

    public static StateSelection Resolve(CliContext context, CommandSettings settings)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(settings);
        var flags = settings.StateFlags;
        var kind = ParseKind(flags.Backend, "--state-backend")
            ?? ParseKind(context.GetEnvironmentVariable(StateVariables.Backend), StateVariables.Backend)
            ?? StateBackendKind.File;
        var connection = FirstNonEmpty(flags.RedisConnection, context.GetEnvironmentVariable(StateVariables.RedisConnection));
        var workspace = flags.Workspace is not null
            ? WorkspaceName.Validate(flags.Workspace, "--workspace")
            : context.GetEnvironmentVariable(StateVariables.Workspace) is { Length: > 0 } fromEnvironment
                ? WorkspaceName.Validate(fromEnvironment, StateVariables.Workspace)
                : StateVariables.DefaultWorkspace;
        return new StateSelection(kind, settings.StateFile, connection, workspace) { ReplicasToWait = flags.RedisReplicas ?? 0 };
    }

    /// <summary>The selection for a command that reads or changes state: refuses flags of the other backend rather than ignore them.</summary>
    public StateSelection EnsureConsistent(CommandSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (Kind == StateBackendKind.File && !string.IsNullOrEmpty(settings.StateFlags.RedisConnection))
        {
            throw new CliException(
                "--state-redis names a Redis state server, but the state backend is the file.",
                $"Add --state-backend redis (or set {StateVariables.Backend}=redis) to use Redis, or drop --state-redis.") { Code = "invalid_arguments" };
        }

        if (Kind == StateBackendKind.Redis && settings.StateFileGiven)
        {
            throw new CliException(
                $"--state-file names a state file, but the state backend is Redis (the workspace {Workspace}).",
                $"Add --state-backend file to use the file (the environment may select Redis: {StateVariables.Backend}), or drop --state-file; `agentspec state migrate` copies between the two.") { Code = "invalid_arguments" };
        }

        return this;
    }

    /// <summary>The backend and workspace tags of state spans (docs/telemetry.md); the workspace only for Redis.</summary>
    public IReadOnlyList<KeyValuePair<string, object?>> TelemetryTags => Kind == StateBackendKind.Redis
        ? [new(StateTelemetry.BackendTag, StateVariables.RedisBackend), new(StateTelemetry.WorkspaceTag, Workspace)]
        : [new(StateTelemetry.BackendTag, StateVariables.FileBackend)];

    public StateSelection WithKind(StateBackendKind kind) => this with { Kind = kind };

    /// <summary>The kind named by <paramref name="text"/>; null when empty.</summary>
    public static StateBackendKind? ParseKind(string? text, string source) => text switch
    {
        null or "" => null,
        StateVariables.FileBackend => StateBackendKind.File,
        StateVariables.RedisBackend => StateBackendKind.Redis,
        _ => throw new CliException(
            $"'{Output.TerminalText.Sanitize(text)}' ({source}) is not a state backend.",
            "Use file or redis.") { Code = "invalid_arguments" },
    };

    public static string NameOf(StateBackendKind kind) => kind == StateBackendKind.Redis ? StateVariables.RedisBackend : StateVariables.FileBackend;

    private static string? FirstNonEmpty(params string?[] values) => values.FirstOrDefault(v => !string.IsNullOrWhiteSpace(v));
}
