using AgentSpec.Runtime.Hosting;
using AgentSpec.Runtime.Tests.Hosting;
using AgentSpec.Testing;

namespace AgentSpec.Runtime.Tests.Redis;

/// <summary>One real Redis server for a test class; each test isolates itself with its own key prefix.</summary>
public sealed class RedisFixture : IAsyncLifetime
{
    public RedisServer Server { get; private set; } = null!;

    public async Task InitializeAsync() => Server = await RedisServer.StartAsync();

    public async Task DisposeAsync() => await Server.DisposeAsync();

    /// <summary>Starts <paramref name="count"/> runtimes that share this Redis under a fresh key prefix.</summary>
    public Task<RuntimeInstance[]> StartRuntimesAsync(int count) => StartRuntimesAsync(Server, count);

    /// <param name="commandTimeoutMs">How long a command may wait for Redis (shorter makes an outage test quicker).</param>
    public static async Task<RuntimeInstance[]> StartRuntimesAsync(RedisServer server, int count, int? commandTimeoutMs = null)
    {
        var prefix = $"t{Guid.NewGuid():N}:";
        var settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:redis"] = server.ConnectionString
                + (commandTimeoutMs is { } timeout ? $",asyncTimeout={timeout},syncTimeout={timeout}" : string.Empty),
            [RuntimeSettings.RedisKeyPrefixKey] = prefix,
        };
        var runtimes = new RuntimeInstance[count];
        for (var i = 0; i < count; i++)
        {
            runtimes[i] = await RuntimeInstance.StartAsync(settings);
        }

        return runtimes;
    }
}
