using AgentSpec.Core.RuntimeApi;
using AgentSpec.Core.Sessions;
using AgentSpec.Runtime.Agents;
using AgentSpec.Runtime.Auth;
using AgentSpec.Runtime.Errors;
using AgentSpec.Runtime.Health;
using AgentSpec.Runtime.Invoke;
using AgentSpec.Runtime.Models;
using AgentSpec.Runtime.Sessions;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AgentSpec.Runtime.Hosting;

public static class RuntimeApplicationExtensions
{
    /// <summary>
    /// The runtime's middleware, outermost first: a problem body for every failure and every bodiless error
    /// status, then the API key. Authorization runs before any endpoint reads a body, so an unauthenticated
    /// caller learns nothing about agents, sessions or input validation (unknown routes included).
    /// </summary>
    public static WebApplication UseAgentSpecRuntime(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseExceptionHandler();
        app.UseStatusCodePages(StatusCodeProblems.WriteAsync);
        app.UseRouting();
        app.UseAuthentication();
        app.UseAuthorization();
        ReportStartup(app);
        return app;
    }

    /// <summary>Every runtime endpoint: <c>/healthz</c>, agents, sessions and invoke.</summary>
    public static WebApplication MapAgentSpecRuntimeApi(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapHealthzApi().AllowAnonymous();
        app.MapAgentsApi().RequireAuthorization();
        app.MapSessionsApi().RequireAuthorization();
        app.MapInvokeApi().RequireAuthorization();
        return app;
    }

    private static void ReportStartup(WebApplication app)
    {
        ResolveStores(app.Services);
        var settings = app.Services.GetRequiredService<RuntimeSettings>();
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("AgentSpec.Runtime");
        if (settings.ApiKey is null)
        {
            StartupLog.AnonymousAccess(logger, RuntimeSettings.AllowAnonymousKey, RuntimeVariables.ApiKey);
        }
        else if (settings.AllowAnonymous)
        {
            StartupLog.AnonymousIgnored(logger, RuntimeSettings.AllowAnonymousKey);
        }

        var store = app.Services.GetRequiredService<IAgentRegistry>().Kind;
        var model = app.Services.GetRequiredService<ModelCatalog>().Kind;
        StartupLog.Configuration(logger, store, model, HealthzApi.Version);
    }

    /// <summary>
    /// Builds the stores and the model catalog now, so that a bad setting (a session TTL of zero, a key
    /// prefix with braces, a model endpoint that is not a URL) stops the start instead of failing requests.
    /// </summary>
    private static void ResolveStores(IServiceProvider services)
    {
        try
        {
            _ = services.GetRequiredService<ISessionStore>();
            _ = services.GetRequiredService<IAgentRegistry>();
            _ = services.GetRequiredService<ModelCatalog>();
        }
        catch (Exception exception) when (exception is ArgumentException or InvalidOperationException or FormatException or OptionsValidationException)
        {
            throw new RuntimeConfigurationException($"The runtime's settings are not usable: {exception.Message}", exception);
        }
    }
}
