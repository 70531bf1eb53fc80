using System.Globalization;
using AgentSpec.Benchmarks.Infrastructure;
using AgentSpec.Core.State;
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
        var options = new StateLockOptions { Operation = "benchmark holder" };
        IStateLock? held = null;
        Console.Out.WriteLine("ready");
        Console.Out.Flush();
        while (await Console.In.ReadLineAsync() is { } command)
        {
            switch (command)
            {
                case "acquire":
                    held = await backend.LockAsync(options, CancellationToken.None);
                    Console.Out.WriteLine("held");
                    break;
                case "release" when held is not null:
                    var releasing = Clock.Now;
                    await held.DisposeAsync();
                    held = null;
                    Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"released {releasing}"));
                    break;
                default:
                    await Console.Error.WriteLineAsync($"redis-lock-holder: unexpected command '{command}'");
                    return 2;
            }

            Console.Out.Flush();
        }

        if (held is not null)
        {
            await held.DisposeAsync();
        }

        return 0;
    }
}
