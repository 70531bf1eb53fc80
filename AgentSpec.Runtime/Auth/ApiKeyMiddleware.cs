using AgentSpec.Core.RuntimeApi;
using AgentSpec.Runtime.Errors;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace AgentSpec.Runtime.Auth;

/// <summary>
/// Requires the API key (<c>X-API-Key: KEY</c> or <c>Authorization: Bearer KEY</c>) on every request
/// except the public health endpoints. Runs before routing and body binding, so an unauthenticated
/// caller learns nothing about agents, sessions or input validation.
/// </summary>
public sealed class ApiKeyMiddleware
{
    private const string BearerPrefix = "Bearer ";

    private static readonly string[] PublicPaths = [RuntimeRoutes.Healthz, "/health", "/alive"];

    private readonly RequestDelegate _next;
    private readonly ApiKeyVerifier _verifier;

    public ApiKeyMiddleware(RequestDelegate next, ApiKeyVerifier verifier)
    {
        _next = next;
        _verifier = verifier;
    }

    public Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (_verifier.AllowsAnonymous || IsPublic(context.Request.Path))
        {
            return _next(context);
        }

        var headers = context.Request.Headers;
        ReadOnlySpan<char> presented;
        if (headers.TryGetValue(RuntimeHeaders.ApiKey, out var apiKey) && !StringValues.IsNullOrEmpty(apiKey))
        {
            presented = apiKey.ToString().AsSpan().Trim();
        }
        else if (headers.Authorization is { Count: > 0 } authorization)
        {
            var value = authorization.ToString().AsSpan().Trim();
            if (!value.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase))
            {
                return Reject(context, "The Authorization header must use the Bearer scheme: 'Authorization: Bearer <key>' (or send the key in X-API-Key).");
            }

            presented = value[BearerPrefix.Length..].Trim();
        }
        else
        {
            return Reject(context, "This endpoint needs an API key: send it in the X-API-Key header or as 'Authorization: Bearer <key>'.");
        }

        return presented.IsEmpty
            ? Reject(context, "The API key is empty: send it in the X-API-Key header or as 'Authorization: Bearer <key>'.")
            : _verifier.Matches(presented)
                ? _next(context)
                : Reject(context, "The API key is not valid.");
    }

    /// <summary>
    /// Whether the request carries the valid key (or anonymous access is allowed). Public endpoints use it
    /// to show more to a caller that has the key, e.g. <c>/healthz</c> counts.
    /// </summary>
    public static bool IsAuthenticated(HttpRequest request, ApiKeyVerifier verifier)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(verifier);
        if (verifier.AllowsAnonymous)
        {
            return true;
        }

        var headers = request.Headers;
        ReadOnlySpan<char> presented = default;
        if (headers.TryGetValue(RuntimeHeaders.ApiKey, out var apiKey) && !StringValues.IsNullOrEmpty(apiKey))
        {
            presented = apiKey.ToString().AsSpan().Trim();
        }
        else if (headers.Authorization is { Count: > 0 } authorization
            && authorization.ToString().AsSpan().Trim() is var value
            && value.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase))
        {
            presented = value[BearerPrefix.Length..].Trim();
        }

        return !presented.IsEmpty && verifier.Matches(presented);
    }

    private static bool IsPublic(PathString path)
    {
        var value = path.Value;
        if (value is null)
        {
            return false;
        }

        value = value.Length > 1 ? value.TrimEnd('/') : value;
        foreach (var publicPath in PublicPaths)
        {
            if (string.Equals(value, publicPath, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    private static Task Reject(HttpContext context, string message) =>
        ErrorResponses.WriteAsync(context, StatusCodes.Status401Unauthorized, ErrorCodes.Unauthorized, message);
}
