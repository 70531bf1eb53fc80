namespace AgentSpec.AppHost.Redis;

/// <summary>The container flavour of the <c>redis</c> resource.</summary>
internal static class RedisContainerExtensions
{
    /// <summary>
    /// Aspire's Redis container with a data volume and an append-only file fsynced on every write, the same
    /// durability as the executable flavour. Aspire passes the server's options as the container's arguments
    /// (<c>redis-server --requirepass … --save …</c>); the append-only options are added after them.
    /// </summary>
    public static IResourceBuilder<RedisResource> AddRedisContainer(
        this IDistributedApplicationBuilder builder,
        string name,
        IResourceBuilder<ParameterResource> password)
    {
        return builder.AddRedis(name, port: null, password)
            .WithDataVolume()
            .WithArgs(context =>
            {
                if (context.Args.Count == 0 || context.Args[0] is not "redis-server")
                {
                    throw new InvalidOperationException(
                        "Aspire's Redis container no longer starts as 'redis-server <options>'; the AppHost cannot enable the append-only file.");
                }

                context.Args.Add("--appendonly");
                context.Args.Add("yes");
                context.Args.Add("--appendfsync");
                context.Args.Add("always");
            });
    }
}
