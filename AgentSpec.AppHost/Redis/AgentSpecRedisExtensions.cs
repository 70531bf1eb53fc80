using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AgentSpec.AppHost.Redis;

/// <summary>Registers the <c>redis</c> resource: a container, <c>redis-server</c> or Garnet, chosen by <see cref="RedisSettings"/>.</summary>
public static class AgentSpecRedisExtensions
{
    public const string ResourceName = "redis";
    public const string PasswordParameterName = "redis-password";

    public static IResourceBuilder<IResourceWithConnectionString> AddAgentSpecRedis(
        this IDistributedApplicationBuilder builder,
        IRedisServerProbes? probes = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var settings = RedisSettings.FromConfiguration(builder.Configuration, builder.AppHostDirectory);
        var choice = RedisServerSelector.Choose(
            settings.Mode,
            probes ?? new MachineRedisServerProbes(builder.Configuration["ASPIRE_CONTAINER_RUNTIME"]));

        // Regenerated each run: the executable server's config file and the container's --requirepass are
        // rewritten on every start, so a persisted secret would buy nothing.
        var password = builder.AddParameter(
            PasswordParameterName,
            new GenerateParameterDefault { MinLength = 24, Special = false },
            secret: true);

        string dataLocation;
        IResourceBuilder<IResourceWithConnectionString> redis;
        if (choice.Kind == RedisServerKind.Container)
        {
            redis = builder.AddRedisContainer(ResourceName, password);
            dataLocation = "a container data volume";
        }
        else
        {
            dataLocation = settings.DataDirectoryFor(choice.Kind, builder.AppHostDirectory);
            redis = builder.AddRedisServerExecutable(ResourceName, choice, dataLocation, password);
        }

        var server = Describe(choice.Kind);
        builder.Eventing.Subscribe<BeforeStartEvent>((startEvent, _) =>
        {
            var logger = startEvent.Services.GetRequiredService<ILoggerFactory>().CreateLogger("AgentSpec.AppHost.Redis");
            RedisLog.RedisServerChosen(logger, ResourceName, server, choice.Reason, dataLocation);
            return Task.CompletedTask;
        });
        return redis;
    }

    internal static string Describe(RedisServerKind kind) => kind switch
    {
        RedisServerKind.Container => "the Redis container",
        RedisServerKind.RedisServer => "redis-server (executable)",
        RedisServerKind.Garnet => "Garnet (executable, dotnet tool)",
        _ => kind.ToString(),
    };
}
