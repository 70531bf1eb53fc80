using AgentSpec.Core.RuntimeApi;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;

namespace AgentSpec.Runtime.Errors;

/// <summary>
/// The body of an error status that left without one (unknown route, wrong method, a limit enforced by
/// the server): a problem with the code that fits the status.
/// </summary>
public static class StatusCodeProblems
{
    public static Task WriteAsync(StatusCodeContext statusCodeContext)
    {
        ArgumentNullException.ThrowIfNull(statusCodeContext);
        var context = statusCodeContext.HttpContext;
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
        return Problems.WriteAsync(context, status, code, message);
    }
}
