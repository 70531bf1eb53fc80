using AgentSpec.Core.RuntimeApi;
using AgentSpec.Core.Sessions;
using AgentSpec.Runtime.Agents;
using AgentSpec.Runtime.Errors;
using AgentSpec.Runtime.Json;
using AgentSpec.Runtime.Sessions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace AgentSpec.Runtime.Invoke;

/// <summary>
/// <c>POST /v1/agents/{name}/invoke</c> <c>{message, session_id?}</c>: one chat turn, in the given session
/// or in a new one (whose id the reply carries). Honors <c>Idempotency-Key</c> like a session message.
/// </summary>
public static class InvokeApi
{
    public static RouteHandlerBuilder MapInvokeApi(this IEndpointRouteBuilder endpoints)
    {
        return endpoints.MapPost(RuntimeRoutes.Invoke, InvokeAsync);
    }

    private static async Task<IResult> InvokeAsync(string name, HttpRequest request, IAgentRegistry registry, ISessionStore store, ChatTurns turns, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        var started = timeProvider.GetTimestamp();
        var idempotencyKey = ChatInput.IdempotencyKeyOf(request);
        var agent = await AgentLookup.RequireAsync(registry, name, cancellationToken);
        var body = (await JsonBody.ReadAsync(request, RuntimeApiJsonContext.Wire.InvokeRequest, required: true))!;
        var message = ChatInput.RequireMessage(body.Message);

        string sessionId;
        bool sessionChecked;
        if (body.SessionId is { } requested)
        {
            ChatInput.ValidateSessionId(requested);
            sessionId = requested;
            sessionChecked = false;
        }
        else if (idempotencyKey is not null)
        {
            // A retry would create yet another session, so the key could not de-duplicate anything.
            throw ApiException.InvalidRequest("An Idempotency-Key on invoke needs a 'session_id': create the session first (POST /v1/agents/{name}/sessions).");
        }
        else
        {
            sessionId = (await store.CreateAsync(agent.Name, null, cancellationToken)).Id;
            sessionChecked = true;
        }

        // A new session gets a key too: with its id (in the error message) a retry of an unknown outcome is safe.
        var key = ChatInput.UseIdempotencyKey(request.HttpContext, idempotencyKey);
        var reply = await turns.SendAsync(agent, sessionId, message, key, sessionChecked, started, cancellationToken);
        return TypedResults.Json(reply, RuntimeApiJsonContext.Wire.ChatReplyResponse);
    }
}
