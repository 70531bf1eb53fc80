using AgentSpec.Cli.Runtime;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace AgentSpec.Cli.Tests.Runtime;

/// <summary>Runtime clients exactly as the CLI makes them: the host's named HTTP client (ServiceDefaults, then the runtime client's own pipeline).</summary>
public static class TestRuntimeClients
{
    private static readonly Lazy<IHost> SharedHost = new(() => BuildHost());

    public static RuntimeClient Create(Uri baseAddress, string? apiKey, TimeSpan? timeout = null) =>
        RuntimeClient.Create(SharedHost.Value.Services.GetRequiredService<IHttpClientFactory>(), baseAddress, apiKey, timeout ?? RuntimeClient.DefaultTimeout);

    /// <summary>The CLI host's HTTP setup over the given configuration.</summary>
    public static IHost BuildHost(IDictionary<string, string?>? settings = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(settings ?? new Dictionary<string, string?>());
        builder.AddServiceDefaults();
        builder.Services.AddRuntimeHttpClient();
        return builder.Build();
    }
}
