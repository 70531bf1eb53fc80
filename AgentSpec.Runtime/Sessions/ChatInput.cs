using System.Text;
using AgentSpec.Core.RuntimeApi;
using AgentSpec.Core.Sessions;
using AgentSpec.Runtime.Agents;
using AgentSpec.Runtime.Errors;
using Microsoft.AspNetCore.Http;

namespace AgentSpec.Runtime.Sessions;

/// <summary>Checks of chat input shared by the session and invoke endpoints, each failing with a clear 400 or 413.</summary>
public static class ChatInput
{
    private const string IdempotencyKeyItem = "AgentSpec.IdempotencyKey";

    public static string RequireMessage(string? message)
    {
        if (message is null)
        {
            throw ApiException.InvalidRequest("The field 'message' is required.");
        }

        // Cheap bounds first: every char is at least one UTF-8 byte and at most three.
        if (message.Length > RequestLimits.MaxMessageBytes
            || (message.Length * 3 > RequestLimits.MaxMessageBytes && Encoding.UTF8.GetByteCount(message) > RequestLimits.MaxMessageBytes))
        {
            throw ApiException.PayloadTooLarge($"The message is larger than the limit of {RequestLimits.MaxMessageBytes} bytes (UTF-8).");
        }

        if (string.IsNullOrWhiteSpace(message))
        {
            throw ApiException.InvalidRequest("The field 'message' must not be empty.");
        }

        return message;
    }

    public static void ValidateSessionId(string sessionId)
    {
        if (!SessionId.IsValid(sessionId))
        {
            throw ApiException.InvalidRequest(
                $"'{AgentLookup.Shorten(sessionId)}' is not a valid session id: expected '{SessionId.Prefix}' followed by 22 base64url characters.");
        }
    }

    /// <summary>
    /// The key this turn is stored under: the request's <c>Idempotency-Key</c>, or a fresh one when it has
    /// none. It is echoed in the response's <c>Idempotency-Key</c> header (errors included), so a client
    /// that sent none can still retry a turn whose outcome is unknown without storing it twice.
    /// </summary>
    public static string UseIdempotencyKey(HttpContext context, string? requested)
    {
        ArgumentNullException.ThrowIfNull(context);
        var key = requested ?? "rt-" + Guid.NewGuid().ToString("N");
        context.Items[IdempotencyKeyItem] = key;
        context.Response.Headers[RuntimeHeaders.IdempotencyKey] = key;
        return key;
    }

    /// <summary>The key <see cref="UseIdempotencyKey"/> chose for this request, if it ran.</summary>
    public static string? UsedIdempotencyKey(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Items.TryGetValue(IdempotencyKeyItem, out var key) ? key as string : null;
    }

    /// <summary>The <c>Idempotency-Key</c> header, or null when the request has none.</summary>
    public static string? IdempotencyKeyOf(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!request.Headers.TryGetValue(RuntimeHeaders.IdempotencyKey, out var values))
        {
            return null;
        }

        if (values.Count != 1 || !IdempotencyKey.IsValid(values[0]))
        {
            throw ApiException.InvalidRequest(
                $"The Idempotency-Key header must be one value of 1 to {IdempotencyKey.MaxLength} ASCII letters, digits or -_.:+/=~@.");
        }

        return values[0];
    }
}
