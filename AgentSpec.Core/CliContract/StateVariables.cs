namespace AgentSpec.Core.CliContract;

/// <summary>
/// The environment that selects the CLI's state backend (docs/cli.md, "State backends"); the AppHost sets
/// them for the <c>cli</c> resource, a terminal exports them.
/// </summary>
public static class StateVariables
{
    /// <summary><c>file</c> or <c>redis</c>, when <c>--state-backend</c> is not given.</summary>
    public const string Backend = "AGENTSPEC_STATE_BACKEND";

    /// <summary>The workspace in the Redis backend, when <c>--workspace</c> is not given.</summary>
    public const string Workspace = "AGENTSPEC_WORKSPACE";

    /// <summary>The connection name Aspire's <c>WithReference(redis, "state")</c> produces.</summary>
    public const string ConnectionName = "state";

    /// <summary>The StackExchange.Redis connection string, when <c>--state-redis</c> is not given (configuration key <c>ConnectionStrings:state</c>).</summary>
    public const string RedisConnection = "ConnectionStrings__" + ConnectionName;

    public const string FileBackend = "file";

    public const string RedisBackend = "redis";

    public const string DefaultWorkspace = "default";
}
