using System.Globalization;
using AgentSpec.Core.RuntimeApi;
using AgentSpec.Core.Sessions;
using AgentSpec.Runtime.Agents;
using AgentSpec.Runtime.Errors;
using AgentSpec.Runtime.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace AgentSpec.Runtime.Sessions;

/// <summary>
/// Chat sessions of one agent under <c>/v1/agents/{name}/sessions</c>. A session belongs to the agent
/// that created it: under any other agent's path it does not exist (404).
/// </summary>
public static class SessionsApi
{
    public static RouteGroupBuilder MapSessionsApi(this IEndpointRouteBuilder endpoints)
    {
        var sessions = endpoints.MapGroup(RuntimeRoutes.Sessions);
        sessions.MapPost("/", CreateAsync);
        sessions.MapGet("/", ListAsync);
        sessions.MapPost(RuntimeRoutes.Session, SendAsync);
        sessions.MapGet(RuntimeRoutes.SessionMessages, MessagesAsync);
        sessions.MapDelete(RuntimeRoutes.Session, DeleteAsync);
        return sessions;
    }

    private static async Task<IResult> CreateAsync(string name, HttpRequest request, IAgentRegistry registry, ISessionStore store, CancellationToken cancellationToken)
    {
        var agent = await AgentLookup.RequireAsync(registry, name, cancellationToken);
        var body = await JsonBody.ReadAsync(request, RuntimeApiJsonContext.Wire.CreateSessionRequest, required: false);
        var session = await store.CreateAsync(agent.Name, body?.Metadata, cancellationToken);
        request.HttpContext.Response.Headers.Location = "/" + RuntimeRoutes.SessionPath(agent.Name, session.Id);
        return TypedResults.Json(
            new SessionCreatedResponse(session.Id, session.Agent, session.CreatedAt),
            RuntimeApiJsonContext.Wire.SessionCreatedResponse,
            statusCode: StatusCodes.Status201Created);
    }

    private static async Task<IResult> ListAsync(string name, HttpRequest request, IAgentRegistry registry, ISessionStore store, CancellationToken cancellationToken)
    {
        var agent = await AgentLookup.RequireAsync(registry, name, cancellationToken);
        var limit = QueryInt(request, "limit", RequestLimits.DefaultSessionList, RequestLimits.MaxSessionList);
        var sessions = new List<SessionSummary>();
        var hasMore = false;
        await foreach (var session in store.ListAsync(agent.Name, cancellationToken))
        {
            if (sessions.Count == limit)
            {
                hasMore = true;
                break;
            }

            sessions.Add(SessionSummary.From(session));
        }

        sessions.Sort((a, b) => a.CreatedAt != b.CreatedAt ? a.CreatedAt.CompareTo(b.CreatedAt) : string.CompareOrdinal(a.SessionId, b.SessionId));
        return TypedResults.Json(new SessionListResponse(sessions, hasMore), RuntimeApiJsonContext.Wire.SessionListResponse);
    }

    private static async Task<IResult> SendAsync(string name, string id, HttpRequest request, ChatTurns turns, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        var started = timeProvider.GetTimestamp();
        ChatInput.ValidateSessionId(id);
        var idempotencyKey = ChatInput.UseIdempotencyKey(request.HttpContext, ChatInput.IdempotencyKeyOf(request));
        AgentLookup.ValidateName(name);
        var body = (await JsonBody.ReadAsync(request, RuntimeApiJsonContext.Wire.SendMessageRequest, required: true))!;
        var message = ChatInput.RequireMessage(body.Message);

        // The agent is looked up by the turn, together with the session's read (one Redis round trip for both).
        var reply = await turns.SendAsync(name, id, message, idempotencyKey, started, cancellationToken);
        return TypedResults.Json(reply, RuntimeApiJsonContext.Wire.ChatReplyResponse);
    }

    private static async Task<IResult> MessagesAsync(string name, string id, HttpRequest request, IAgentRegistry registry, ChatTurns turns, ISessionStore store, CancellationToken cancellationToken)
    {
        ChatInput.ValidateSessionId(id);
        var limit = QueryInt(request, "limit", RequestLimits.DefaultHistoryPage, RequestLimits.MaxHistoryPage);
        string? before = null;
        if (request.Query.TryGetValue("before", out var beforeValues))
        {
            before = beforeValues.Count == 1 && !string.IsNullOrEmpty(beforeValues[0])
                ? beforeValues[0]
                : throw ApiException.InvalidRequest("The query parameter 'before' must be one cursor: the next_cursor of an earlier page.");
        }

        var agent = await AgentLookup.RequireAsync(registry, name, cancellationToken);
        await turns.RequireSessionAsync(agent.Name, id, cancellationToken);
        MessagePage page;
        try
        {
            page = await store.ReadWindowAsync(id, limit, before, cancellationToken);
        }
        catch (SessionNotFoundException)
        {
            throw ApiException.NotFound($"Agent '{agent.Name}' has no session '{id}'.");
        }
        catch (ArgumentException exception) when (before is not null)
        {
            throw ApiException.InvalidRequest(FirstSentence(exception.Message));
        }

        return TypedResults.Json(new MessagePageResponse(page.Messages, page.NextCursor), RuntimeApiJsonContext.Wire.MessagePageResponse);
    }

    private static async Task<IResult> DeleteAsync(string name, string id, IAgentRegistry registry, ChatTurns turns, ISessionStore store, CancellationToken cancellationToken)
    {
        ChatInput.ValidateSessionId(id);
        var agent = await AgentLookup.RequireAsync(registry, name, cancellationToken);
        await turns.RequireSessionAsync(agent.Name, id, cancellationToken);
        if (!await store.DeleteAsync(id, cancellationToken))
        {
            throw ApiException.NotFound($"Agent '{agent.Name}' has no session '{id}'.");
        }

        return TypedResults.NoContent();
    }

    private static int QueryInt(HttpRequest request, string parameter, int defaultValue, int max)
    {
        if (!request.Query.TryGetValue(parameter, out var values))
        {
            return defaultValue;
        }

        if (values.Count != 1
            || !int.TryParse(values[0], NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            || value < 1
            || value > max)
        {
            throw ApiException.InvalidRequest($"The query parameter '{parameter}' must be a whole number from 1 to {max}.");
        }

        return value;
    }

    /// <summary>Argument exceptions end with " (Parameter 'x')"; the client needs only the sentence.</summary>
    private static string FirstSentence(string message)
    {
        var cut = message.IndexOf(" (Parameter", StringComparison.Ordinal);
        return cut >= 0 ? message[..cut] : message;
    }
}
