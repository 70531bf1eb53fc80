using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AgentSpec.AppHost.Hosting;

/// <summary>
/// Says on Ctrl+C (or SIGTERM) that the AppHost is stopping and what: without it the console goes quiet for the
/// seconds the orchestrator needs to stop the processes, and a person presses Ctrl+C again.
/// </summary>
public static partial class ShutdownNotice
{
    public static IDistributedApplicationBuilder AddShutdownNotice(this IDistributedApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Eventing.Subscribe<BeforeStartEvent>((startEvent, _) =>
        {
            var logger = startEvent.Services.GetRequiredService<ILoggerFactory>().CreateLogger("AgentSpec.AppHost");
            var lifetime = startEvent.Services.GetRequiredService<IHostApplicationLifetime>();
            var stopped = Describe(startEvent.Model);
            lifetime.ApplicationStopping.Register(() => Stopping(logger, stopped));
            return Task.CompletedTask;
        });
        return builder;
    }

    /// <summary>The resources that run processes (parameters do not), e.g. "redis, runtime (2 replicas), cli and the dashboard".</summary>
    public static string Describe(DistributedApplicationModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var names = model.Resources
            // Aspire adds helpers in run mode (its dashboard, a rebuilder child per project); children stop with their
            // parent and the dashboard is named once, at the end.
            .Where(r => r is not ParameterResource and not IResourceWithParent
                && !IsHidden(r)
                && !r.Name.StartsWith("aspire-", StringComparison.Ordinal))
            .Select(r => r.Annotations.OfType<ReplicaAnnotation>().FirstOrDefault() is { Replicas: > 1 } replicas
                ? $"{r.Name} ({replicas.Replicas} replicas)"
                : r.Name)
            .Append("the dashboard")
            .ToList();
        return names.Count == 1 ? names[0] : $"{string.Join(", ", names[..^1])} and {names[^1]}";
    }

    private static bool IsHidden(IResource resource) =>
        resource.Annotations.OfType<ResourceSnapshotAnnotation>().Any(a => a.InitialSnapshot.IsHidden);

    [LoggerMessage(EventId = 3010, Level = LogLevel.Information, Message = "Stopping {Resources}. Redis data and the runtime's API key (user secrets) are kept.")]
    private static partial void Stopping(ILogger logger, string resources);
}
