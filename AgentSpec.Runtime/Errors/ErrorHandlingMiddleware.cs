using AgentSpec.Core.RuntimeApi;
using AgentSpec.Core.Sessions;
using AgentSpec.Runtime.Agents;
using AgentSpec.Runtime.Sessions;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace AgentSpec.Runtime.Errors;

/// <summary>
/// The outermost middleware: every failure and every bodiless error status (unknown route, wrong method)
/// leaves as a JSON error body, never as an HTML page, an empty body or a stack trace.
/// </summary>
public sealed class ErrorHandlingMiddleware
{
    private readonly RequestDelegate _next;
    private readonly ILogger<ErrorHandlingMiddleware> _logger;

    public ErrorHandlingMiddleware(RequestDelegate next, ILogger<ErrorHandlingMiddleware> logger)
    {
        _next = next;
        _logger = logger;
    }

    public async Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        try
        {
            await _next(context);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away; there is nobody to answer.
            if (_logger.IsEnabled(LogLevel.Debug))
            {
                var path = context.Request.Path.ToString();
                ErrorLog.RequestAborted(_logger, context.Request.Method, path);
            }

            return;
        }
        catch (Exception exception) when (!context.Response.HasStarted)
        {
            var (status, code, message) = Classify(context, exception);
            context.Response.Clear();
            // Clear() drops headers; the key a chat turn used is what makes its retry safe.
            if (ChatInput.UsedIdempotencyKey(context) is { } idempotencyKey)
            {
                context.Response.Headers[RuntimeHeaders.IdempotencyKey] = idempotencyKey;
            }

            await ErrorResponses.WriteAsync(context, status, code, message);
            return;
        }

        if (context.Response.StatusCode >= StatusCodes.Status400BadRequest
            && !context.Response.HasStarted
            && context.Response.ContentLength is null
            && context.Response.ContentType is null)
        {
            await WriteBodyForBareStatusAsync(context);
        }
    }

    private (int Status, string Code, string Message) Classify(HttpContext context, Exception exception)
    {
        switch (exception)
        {
            case ApiException api:
                return (api.StatusCode, api.ErrorCode, api.Message);
            case SessionStoreUnavailableException { OutcomeUnknown: true } unknown:
                ErrorLog.StoreUnavailable(_logger, context.Request.Method, context.Request.Path, unknown.Message, unknown);
                return (StatusCodes.Status503ServiceUnavailable, ErrorCodes.OutcomeUnknown,
                    $"The session store stopped answering after the write was sent, so it is not known whether it was applied; check before retrying. ({unknown.Message})");
            case SessionStoreUnavailableException unavailable:
                ErrorLog.StoreUnavailable(_logger, context.Request.Method, context.Request.Path, unavailable.Message, unavailable);
                return (StatusCodes.Status503ServiceUnavailable, ErrorCodes.SessionStoreUnavailable,
                    $"The session store is unavailable; nothing was written. Retry later. ({unavailable.Message})");
            case AgentRegistryUnavailableException unavailable:
                ErrorLog.StoreUnavailable(_logger, context.Request.Method, context.Request.Path, unavailable.Message, unavailable);
                return (StatusCodes.Status503ServiceUnavailable, ErrorCodes.SessionStoreUnavailable,
                    $"The agent registry's store is unavailable; retry later (deploying the same definition again is safe). ({unavailable.Message})");
            case BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge }:
                return (StatusCodes.Status413PayloadTooLarge, ErrorCodes.PayloadTooLarge,
                    $"The request body is larger than the limit of {RequestLimits.MaxBodyBytes} bytes.");
            case BadHttpRequestException badRequest:
                return (badRequest.StatusCode, ErrorCodes.InvalidRequest, $"The request could not be read: {badRequest.Message}");
            default:
                ErrorLog.Unhandled(_logger, context.Request.Method, context.Request.Path, context.TraceIdentifier, exception);
                return (StatusCodes.Status500InternalServerError, ErrorCodes.InternalError,
                    $"The runtime failed unexpectedly; its log has the details (trace id {context.TraceIdentifier}).");
        }
    }

    private static Task WriteBodyForBareStatusAsync(HttpContext context)
    {
        var request = context.Request;
        var status = context.Response.StatusCode;
        var (code, message) = status switch
        {
            StatusCodes.Status404NotFound => (ErrorCodes.NotFound, $"No endpoint matches {request.Method} {request.Path}."),
            StatusCodes.Status405MethodNotAllowed => (ErrorCodes.InvalidRequest, $"{request.Method} is not allowed on {request.Path}."),
            StatusCodes.Status413PayloadTooLarge => (ErrorCodes.PayloadTooLarge, $"The request body is larger than the limit of {RequestLimits.MaxBodyBytes} bytes."),
            StatusCodes.Status401Unauthorized => (ErrorCodes.Unauthorized, "This request needs a valid API key."),
            >= StatusCodes.Status500InternalServerError => (ErrorCodes.InternalError, $"The runtime could not serve {request.Method} {request.Path}."),
            _ => (ErrorCodes.InvalidRequest, $"The runtime could not serve {request.Method} {request.Path} (HTTP {status})."),
        };
        return ErrorResponses.WriteAsync(context, status, code, message);
    }
}
