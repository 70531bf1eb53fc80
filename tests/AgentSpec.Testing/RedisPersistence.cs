namespace AgentSpec.Testing;

/// <summary>How a <see cref="RedisServer"/> persists. Tests use <see cref="Always"/>; the benchmark chooses (<c>--redis-persistence</c>).</summary>
public enum RedisPersistence
{
    /// <summary>
    /// The AppHost's settings: an append-only file fsynced (redis-server) or committed (Garnet) before each
    /// reply, so every acknowledged write survives a crash.
    /// </summary>
    Always,

    /// <summary>Append-only file written every second (<c>appendfsync everysec</c>), the usual production setting.</summary>
    EverySecond,

    /// <summary>No append-only file, no snapshots: measures the work of the store, not the disk.</summary>
    None,
}
