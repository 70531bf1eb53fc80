namespace AgentSpec.Benchmarks.Infrastructure;

/// <summary>How the benchmark's Redis server persists (<c>--redis-persistence</c>).</summary>
internal enum RedisPersistence
{
    /// <summary>No AOF, no snapshots: measures the work of the store, not the disk.</summary>
    None,

    /// <summary>AOF with <c>appendfsync everysec</c>, the usual production setting.</summary>
    EverySecond,

    /// <summary>AOF with <c>appendfsync always</c>, as the test suite runs it.</summary>
    Always,
}
