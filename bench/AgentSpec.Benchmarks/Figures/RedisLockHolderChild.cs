using AgentSpec.Core.State.RedisBackend;
using Microsoft.Extensions.Logging.Abstractions;

namespace AgentSpec.Benchmarks.Figures;

/// <summary>
/// The other process of the Redis lock hand-off (<c>redis-lock-holder CONNECTION WORKSPACE</c>): takes the
/// workspace's lock on "acquire", and on "release" notes the monotonic time and releases it, then answers
/// "released TIMESTAMP" (the same protocol as <see cref="LockHolderChild"/>).
/// </summary>
internal static class RedisLockHolderChild
{
    public const string Mode = "redis-lock-holder";

    public static async Task<int> RunAsync(string connectionString, string workspace)
    {
        await using var connection = await RedisStateBackend.ConnectAsync(connectionString, CancellationToken.None);
        var backend = new RedisStateBackend(connection, new RedisStateBackendOptions { Workspace = workspace }, NullLogger<RedisStateBackend>.Instance, TimeProvider.System);
        return await LockHolderChild.ServeAsync(backend, Mode);
    }
}
