using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AgentSpec.AppHost.Runtime;

/// <summary>
/// Prints <see cref="RuntimeConnectionInfo"/> on the AppHost's console once the runtime is healthy, after
/// Aspire's own start-up lines (the dashboard login URL), so it is the last thing a person sees.
/// </summary>
public static class RuntimeConnectionBanner
{
    public const string LoggerCategory = "AgentSpec.AppHost";

    public static IResourceBuilder<ProjectResource> WithConnectionBanner(
        this IResourceBuilder<ProjectResource> runtime,
        IResourceBuilder<ParameterResource> apiKey)
    {
        ArgumentNullException.ThrowIfNull(runtime);
        ArgumentNullException.ThrowIfNull(apiKey);
        var printed = 0;
        return runtime.OnResourceReady(async (resource, readyEvent, cancellationToken) =>
        {
            // Replicas can report ready one by one; the address and key are the same for all of them.
            if (Interlocked.Exchange(ref printed, 1) == 1)
            {
                return;
            }

            var logger = readyEvent.Services.GetRequiredService<ILoggerFactory>().CreateLogger(LoggerCategory);
            try
            {
                var configuration = readyEvent.Services.GetRequiredService<IConfiguration>();
                var info = await RuntimeConnectionInfo.ResolveAsync(resource, apiKey.Resource, configuration, cancellationToken);
                var text = info.Describe();
                RuntimeConnectionLog.Ready(logger, text);
            }
            catch (Exception ex) when (ex is InvalidOperationException or UriFormatException)
            {
                RuntimeConnectionLog.Unavailable(logger, ex.Message);
            }
        });
    }
}
