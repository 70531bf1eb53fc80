using AgentSpec.Core.Apply;
using AgentSpec.Core.RuntimeApi;
using AgentSpec.Runtime.Errors;
using AgentSpec.Runtime.Json;
using AgentSpec.Runtime.Models;
using AgentSpec.Runtime.Tools;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;

namespace AgentSpec.Runtime.Agents;

/// <summary>
/// <c>PUT|GET|DELETE /v1/agents/{name}</c> and <c>GET /v1/agents</c>: deploying agent definitions.
/// A PUT is idempotent: the same definition hash answers 200 <c>unchanged</c>.
/// </summary>
public static partial class AgentsApi
{
    public static RouteGroupBuilder MapAgentsApi(this IEndpointRouteBuilder endpoints)
    {
        var agents = endpoints.MapGroup(RuntimeRoutes.Agents);
        agents.MapGet("/", ListAsync);
        agents.MapPut(RuntimeRoutes.Agent, PutAsync);
        agents.MapGet(RuntimeRoutes.Agent, GetAsync);
        agents.MapDelete(RuntimeRoutes.Agent, DeleteAsync);
        return agents;
    }

    private static async Task<IResult> ListAsync(IAgentRegistry registry, ModelCatalog models, CancellationToken cancellationToken)
    {
        var agents = await registry.ListAsync(cancellationToken);
        return TypedResults.Json(new AgentListResponse(agents.Select(agent => agent.ToSummary(models.ServingName(agent))).ToList()), RuntimeApiJsonContext.Wire.AgentListResponse);
    }

    private static async Task<IResult> GetAsync(string name, IAgentRegistry registry, CancellationToken cancellationToken)
    {
        var agent = await AgentLookup.RequireAsync(registry, name, cancellationToken);
        return TypedResults.Json(agent.ToDetails(), RuntimeApiJsonContext.Wire.AgentDetailsResponse);
    }

    private static async Task<IResult> PutAsync(string name, HttpRequest request, IAgentRegistry registry, SkillToolbox toolbox, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        AgentLookup.ValidateName(name);
        var definition = (await JsonBody.ReadAsync(request, RuntimeApiJsonContext.Wire.AgentDefinition, required: true))!;
        if (!string.Equals(definition.Name, name, StringComparison.Ordinal))
        {
            throw ApiException.InvalidRequest($"The body deploys agent '{AgentLookup.Shorten(definition.Name)}' but the URL names '{name}'.");
        }

        if (AgentDefinitionValidation.FindProblem(definition) is { } problem)
        {
            throw ApiException.InvalidRequest(problem);
        }

        // A tool this runtime will not run is refused now, not discovered by the first user (docs/tools.md).
        if (toolbox.FindDeployProblem(definition) is { } toolProblem)
        {
            throw ApiException.InvalidRequest(toolProblem);
        }

        // The runtime trusts only a hash it computed itself; a hash that disagrees means the client
        // and the runtime would not agree on what "unchanged" is.
        var hash = definition.ComputeHash();
        if (definition.Hash is { } claimed && !string.Equals(claimed, hash, StringComparison.Ordinal))
        {
            throw ApiException.InvalidRequest($"The field 'hash' is '{AgentLookup.Shorten(claimed)}' but the definition's content hashes to '{hash}'.");
        }

        var result = await registry.PutAsync(definition with { Hash = hash }, cancellationToken);
        var agent = result.Agent;
        var status = result.Outcome switch
        {
            AgentPutOutcome.Created => DeployStatus.Created,
            AgentPutOutcome.Updated => DeployStatus.Updated,
            _ => DeployStatus.Unchanged,
        };
        var logger = loggers.CreateLogger("AgentSpec.Runtime.Agents");
        Log.AgentPut(logger, name, status, agent.Hash);

        var body = new AgentDeployResponse(agent.Name, agent.Hash, status, agent.DeployedAt, agent.UpdatedAt);
        if (result.Outcome != AgentPutOutcome.Created)
        {
            return TypedResults.Json(body, RuntimeApiJsonContext.Wire.AgentDeployResponse);
        }

        request.HttpContext.Response.Headers.Location = "/" + RuntimeRoutes.AgentPath(name);
        return TypedResults.Json(body, RuntimeApiJsonContext.Wire.AgentDeployResponse, statusCode: StatusCodes.Status201Created);
    }

    private static async Task<IResult> DeleteAsync(string name, IAgentRegistry registry, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        AgentLookup.ValidateName(name);
        if (!await registry.DeleteAsync(name, cancellationToken))
        {
            throw ApiException.NotFound($"No agent named '{name}' is deployed.");
        }

        var logger = loggers.CreateLogger("AgentSpec.Runtime.Agents");
        Log.AgentDeleted(logger, name);
        return TypedResults.NoContent();
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1210, Level = LogLevel.Information, Message = "Agent {Agent} deployed: {Status} (hash {Hash})")]
        public static partial void AgentPut(ILogger logger, string agent, string status, string hash);

        [LoggerMessage(EventId = 1211, Level = LogLevel.Information, Message = "Agent {Agent} deleted")]
        public static partial void AgentDeleted(ILogger logger, string agent);
    }
}
