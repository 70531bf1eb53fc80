using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

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
}
