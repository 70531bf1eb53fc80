using StackExchange.Redis;

namespace AgentSpec.Core.State.RedisBackend;

/// <summary>
/// The client settings every connection to a Redis state server gets (docs/state.md, "Redis backend": errors).
/// </summary>
public static class RedisStateClientDefaults
{
    /// <summary>
    /// How long a state command may take when the connection string names no timeout of its own. The
    /// client's default (5 s) is meant for caches; a state operation is rare and must not fail because a busy
    /// server compiled a script for the first time while ten applies started at once (seen with Garnet on
    /// 2 cores). A server that is really gone is found at connect time, which keeps its own timeout.
    /// </summary>
    public static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Fail at once when nothing answers; allow <c>CONFIG GET</c> for the durability check; the longer command timeout.</summary>
    public static void Apply(ConfigurationOptions options, string connectionString)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(connectionString);

        // Fail at once with one sentence rather than retrying in the background while the command waits.
        options.AbortOnConnectFail = true;

        // Only for CONFIG GET of the persistence settings (the durability warning); the backend sends no other
        // admin command, and the server's ACL still decides.
        options.AllowAdmin = true;

        var milliseconds = (int)CommandTimeout.TotalMilliseconds;
        if (!connectionString.Contains("syncTimeout", StringComparison.OrdinalIgnoreCase))
        {
            options.SyncTimeout = milliseconds;
        }

        if (!connectionString.Contains("asyncTimeout", StringComparison.OrdinalIgnoreCase))
        {
            options.AsyncTimeout = milliseconds;
        }
    }
}
