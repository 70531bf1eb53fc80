using AgentSpec.Core.RuntimeApi;
using AgentSpec.Core.Sessions;
using AgentSpec.Runtime.Agents;
using AgentSpec.Runtime.Sessions;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace AgentSpec.Runtime.Errors;

/// <summary>
/// Turns every failure of a request into a problem body with its status and <c>error</c> code, never an
/// HTML page, an empty body or a stack trace (docs/runtime-api.md, "Errors").
/// </summary>
public sealed class RuntimeExceptionHandler(ILogger<RuntimeExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        ArgumentNullException.ThrowIfNull(exception);
        var (status, code, message) = Classify(httpContext, exception);

        // The exception handler cleared the headers; the key a chat turn used is what makes its retry safe.
        if (ChatInput.UsedIdempotencyKey(httpContext) is { } idempotencyKey)
        {
            httpContext.Response.Headers[RuntimeHeaders.IdempotencyKey] = idempotencyKey;
        }

        await Problems.WriteAsync(httpContext, status, code, message);
        return true;
    }

    private (int Status, string Code, string Message) Classify(HttpContext context, Exception exception)
    {
        var request = context.Request;
        switch (exception)
        {
            case ApiException api:
                return (api.StatusCode, api.ErrorCode, api.Message);
            case SessionStoreUnavailableException { OutcomeUnknown: true } unknown:
                ErrorLog.StoreUnavailable(logger, request.Method, request.Path, unknown.Message, unknown);
                return (StatusCodes.Status503ServiceUnavailable, ErrorCodes.OutcomeUnknown,
                    $"The session store stopped answering after the write was sent, so it is not known whether it was applied; check before retrying. ({unknown.Message})");
            case SessionStoreUnavailableException unavailable:
                ErrorLog.StoreUnavailable(logger, request.Method, request.Path, unavailable.Message, unavailable);
                return (StatusCodes.Status503ServiceUnavailable, ErrorCodes.SessionStoreUnavailable,
                    $"The session store is unavailable; nothing was written. Retry later. ({unavailable.Message})");
            case AgentRegistryUnavailableException unavailable:
                ErrorLog.StoreUnavailable(logger, request.Method, request.Path, unavailable.Message, unavailable);
                return (StatusCodes.Status503ServiceUnavailable, ErrorCodes.SessionStoreUnavailable,
                    $"The agent registry's store is unavailable; retry later (deploying the same definition again is safe). ({unavailable.Message})");
            case BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge }:
                return (StatusCodes.Status413PayloadTooLarge, ErrorCodes.PayloadTooLarge,
                    $"The request body is larger than the limit of {RequestLimits.MaxBodyBytes} bytes.");
            case BadHttpRequestException badRequest:
                return (badRequest.StatusCode, ErrorCodes.InvalidRequest, $"The request could not be read: {badRequest.Message}");
            default:
                ErrorLog.Unhandled(logger, request.Method, request.Path, context.TraceIdentifier, exception);
                return (StatusCodes.Status500InternalServerError, ErrorCodes.InternalError,
                    $"The runtime failed unexpectedly; its log has the details (trace id {context.TraceIdentifier}).");
        }
    }
}
