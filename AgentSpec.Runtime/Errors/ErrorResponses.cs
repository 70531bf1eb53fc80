using AgentSpec.Core.RuntimeApi;
using AgentSpec.Runtime.Json;
using Microsoft.AspNetCore.Http;

namespace AgentSpec.Runtime.Errors;

/// <summary>Writes the JSON error body; the only place that does.</summary>
public static class ErrorResponses
{
    public static Task WriteAsync(HttpContext context, int statusCode, string errorCode, string message)
    {
        ArgumentNullException.ThrowIfNull(context);
        var response = context.Response;
        response.StatusCode = statusCode;
        response.Headers.CacheControl = "no-store";
        if (statusCode == StatusCodes.Status401Unauthorized)
        {
            response.Headers.WWWAuthenticate = "Bearer";
        }

        return response.WriteAsJsonAsync(new ApiError(errorCode, message), RuntimeApiJsonContext.Wire.ApiError, contentType: null, context.RequestAborted);
    }
}
