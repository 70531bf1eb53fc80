using System.Net.Http.Headers;
using AgentSpec.Core.RuntimeApi;
using AgentSpec.Runtime.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace AgentSpec.Runtime.Tests.Hosting;

/// <summary>
/// A real runtime (the same composition as Program.cs) on Kestrel, on a free loopback port.
/// Several can run side by side, e.g. sharing one Redis.
/// </summary>
public sealed class RuntimeInstance : IAsyncDisposable
{
    public const string ApiKey = "test-key-0123456789";

    private readonly WebApplication _app;

    private RuntimeInstance(WebApplication app, Uri baseAddress, FakeLogCollector logs)
    {
        _app = app;
        BaseAddress = baseAddress;
        Logs = logs;
    }

    public Uri BaseAddress { get; }

    public IServiceProvider Services => _app.Services;

    /// <summary>Every log record of the instance (Information and above).</summary>
    public FakeLogCollector Logs { get; }

    /// <param name="settings">Configuration on top of the defaults (API key <see cref="ApiKey"/>, quiet ASP.NET logs); a null value removes a default.</param>
    /// <param name="configure">Further adjustments of the builder (e.g. an in-memory span exporter).</param>
    public static async Task<RuntimeInstance> StartAsync(IReadOnlyDictionary<string, string?>? settings = null, Action<WebApplicationBuilder>? configure = null)
    {
        var merged = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            [RuntimeSettings.ApiKeyKey] = ApiKey,
            ["Logging:LogLevel:Default"] = "Information",
            ["Logging:LogLevel:Microsoft"] = "Warning",
            ["Logging:LogLevel:System.Net.Http"] = "Warning",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            merged[key] = value;
        }

        var app = RuntimeApplication.Create([], builder =>
        {
            builder.Configuration.AddInMemoryCollection(merged);
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            builder.Logging.ClearProviders();
            builder.Logging.AddFakeLogging();
            configure?.Invoke(builder);
        });
        var collector = app.Services.GetFakeLogCollector();
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        return new RuntimeInstance(app, new Uri(address), collector);
    }

    /// <summary>A client of this instance; sends <paramref name="apiKey"/> as X-API-Key unless it is null.</summary>
    public HttpClient CreateClient(string? apiKey = ApiKey)
    {
        var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromMinutes(2) };
        if (apiKey is not null)
        {
            client.DefaultRequestHeaders.Add(RuntimeHeaders.ApiKey, apiKey);
        }

        client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return client;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
