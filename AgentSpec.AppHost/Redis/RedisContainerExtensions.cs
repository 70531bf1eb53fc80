namespace AgentSpec.AppHost.Redis;

/// <summary>The container flavour of the <c>redis</c> resource.</summary>
internal static class RedisContainerExtensions
{
    public const string AppendOnlyArguments = "--appendonly yes --appendfsync always";

    /// <summary>
    /// Aspire's Redis container with a data volume and an append-only file fsynced on every write, the same
    /// durability as the executable flavour. Aspire starts the container as <c>/bin/sh -c "redis-server …"</c>,
    /// so the options are appended to that command line.
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
                var shellFlag = context.Args.IndexOf("-c");
                if (shellFlag < 0 || shellFlag + 1 >= context.Args.Count || context.Args[shellFlag + 1] is not string command
                    || !command.StartsWith("redis-server", StringComparison.Ordinal))
                {
                    throw new InvalidOperationException(
                        "Aspire's Redis container no longer starts through '/bin/sh -c \"redis-server …\"'; the AppHost cannot enable the append-only file.");
                }

                context.Args[shellFlag + 1] = $"{command} {AppendOnlyArguments}";
            });
    }
}
