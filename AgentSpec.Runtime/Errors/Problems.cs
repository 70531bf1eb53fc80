using AgentSpec.Core.RuntimeApi;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace AgentSpec.Runtime.Errors;

/// <summary>
/// Writes the runtime's error body, an RFC 7807 problem with the stable <c>error</c> code as an extension
/// member (<see cref="ProblemResponse"/>); the exception handler, the status code pages and the API-key
/// challenge all answer through it.
/// </summary>
public static class Problems
{
    public static Task WriteAsync(HttpContext context, int statusCode, string errorCode, string message)
    {
        ArgumentNullException.ThrowIfNull(context);
        var response = context.Response;
        response.Headers.CacheControl = "no-store";
        if (statusCode == StatusCodes.Status401Unauthorized)
        {
            response.Headers.WWWAuthenticate = "Bearer";
        }

        var problem = new ProblemDetails { Status = statusCode, Detail = message };
        problem.Extensions[ProblemResponse.ErrorMember] = errorCode;

        // Written as JSON whatever the Accept header says: a client must always be able to read why it failed.
        return TypedResults.Problem(problem).ExecuteAsync(context);
    }
}
