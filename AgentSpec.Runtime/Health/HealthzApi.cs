using System.Reflection;
using AgentSpec.Core.RuntimeApi;
using AgentSpec.Runtime.Agents;
using AgentSpec.Runtime.Json;
using AgentSpec.Runtime.Models;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace AgentSpec.Runtime.Health;

/// <summary>
/// <c>GET /healthz</c>, public: status and version. With a valid API key it also shows the agent count and
/// which stores and model are in use; an anonymous caller must not learn how many agents are deployed.
/// </summary>
public static class HealthzApi
{
    public static string Version { get; } =
        typeof(HealthzApi).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0]
        ?? typeof(HealthzApi).Assembly.GetName().Version?.ToString()
        ?? "0.0.0";

    public static RouteHandlerBuilder MapHealthzApi(this IEndpointRouteBuilder endpoints)
    {
        return endpoints.MapGet(RuntimeRoutes.Healthz, HealthzAsync);
    }

    private static async Task<IResult> HealthzAsync(HttpContext context, IAgentRegistry registry, ModelCatalog models, CancellationToken cancellationToken)
    {
        // Anonymous endpoint, but the authentication middleware has read any key: details only with a valid one.
        var detailed = context.User.Identity?.IsAuthenticated == true;

        // Both live in Redis when Redis is configured and in memory otherwise (AddAgentSpecRuntime).
        var sessionStore = detailed ? registry.Kind : null;
        var registryKind = detailed ? registry.Kind : null;
        var modelKind = detailed ? models.Kind : null;
        try
        {
            // Counted for everyone: reading the registry is what tells "ok" from "degraded".
            var count = await registry.CountAsync(cancellationToken);
            return TypedResults.Json(new HealthzResponse("ok", Version, detailed ? count : null, registryKind, sessionStore, modelKind), RuntimeApiJsonContext.Wire.HealthzResponse);
        }
        catch (AgentRegistryUnavailableException)
        {
            return TypedResults.Json(
                new HealthzResponse("degraded", Version, null, registryKind, sessionStore, modelKind),
                RuntimeApiJsonContext.Wire.HealthzResponse,
                statusCode: StatusCodes.Status503ServiceUnavailable);
        }
    }
}
