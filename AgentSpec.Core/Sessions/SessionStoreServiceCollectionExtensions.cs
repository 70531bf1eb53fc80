using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace AgentSpec.Core.Sessions;

/// <summary>Registers an <see cref="ISessionStore"/>. Hosts call exactly one of these.</summary>
public static class SessionStoreServiceCollectionExtensions
{
    /// <summary>
    /// The in-memory store as the <see cref="ISessionStore"/> singleton. Options can also be bound with
    /// <c>services.Configure&lt;MemorySessionStoreOptions&gt;(section)</c>.
    /// </summary>
    public static IServiceCollection AddMemorySessionStore(this IServiceCollection services, Action<MemorySessionStoreOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<MemorySessionStoreOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(provider => new MemorySessionStore(
            provider.GetRequiredService<IOptions<MemorySessionStoreOptions>>().Value,
            provider.GetRequiredService<TimeProvider>(),
            provider.GetService<ILogger<MemorySessionStore>>() ?? NullLogger<MemorySessionStore>.Instance));
        services.Replace(ServiceDescriptor.Singleton<ISessionStore>(provider => provider.GetRequiredService<MemorySessionStore>()));
        return services;
    }

    /// <summary>
    /// The Redis store as the <see cref="ISessionStore"/> singleton. It needs an
    /// <see cref="IConnectionMultiplexer"/> in the container (Aspire's <c>AddRedisClient("redis")</c>
    /// registers one). Options can also be bound with <c>services.Configure&lt;RedisSessionStoreOptions&gt;(section)</c>.
    /// </summary>
    public static IServiceCollection AddRedisSessionStore(this IServiceCollection services, Action<RedisSessionStoreOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<RedisSessionStoreOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(provider => new RedisSessionStore(
            provider.GetRequiredService<IConnectionMultiplexer>(),
            provider.GetRequiredService<IOptions<RedisSessionStoreOptions>>().Value,
            provider.GetRequiredService<TimeProvider>(),
            provider.GetService<ILogger<RedisSessionStore>>() ?? NullLogger<RedisSessionStore>.Instance));
        services.Replace(ServiceDescriptor.Singleton<ISessionStore>(provider => provider.GetRequiredService<RedisSessionStore>()));
        return services;
    }
}
