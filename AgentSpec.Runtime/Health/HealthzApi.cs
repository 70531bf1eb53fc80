using System.Reflection;
using AgentSpec.Runtime.Agents;
using AgentSpec.Runtime.Json;
using AgentSpec.Runtime.Models;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace AgentSpec.Runtime.Health;

/// <summary><c>GET /healthz</c>, public: status, version, agent count and which stores and model are in use.</summary>
public static class HealthzApi
{
    public static string Version { get; } =
        typeof(HealthzApi).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0]
        ?? typeof(HealthzApi).Assembly.GetName().Version?.ToString()
        ?? "0.0.0";

    public static IEndpointRouteBuilder MapHealthzApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/healthz", HealthzAsync);
        return endpoints;
    }

    private static async Task<IResult> HealthzAsync(IAgentRegistry registry, ModelCatalog models, CancellationToken cancellationToken)
    {
        // Both live in Redis when Redis is configured and in memory otherwise (AddAgentSpecRuntime).
        var sessionStore = registry.Kind;
        try
        {
            var count = await registry.CountAsync(cancellationToken);
            return TypedResults.Json(new HealthzResponse("ok", Version, count, registry.Kind, sessionStore, models.Kind), RuntimeJsonContext.Wire.HealthzResponse);
        }
        catch (AgentRegistryUnavailableException)
        {
            return TypedResults.Json(
                new HealthzResponse("degraded", Version, null, registry.Kind, sessionStore, models.Kind),
                RuntimeJsonContext.Wire.HealthzResponse,
                statusCode: StatusCodes.Status503ServiceUnavailable);
        }
    }
}
