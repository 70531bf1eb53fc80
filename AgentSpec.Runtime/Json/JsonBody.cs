using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using AgentSpec.Runtime.Errors;
using Microsoft.AspNetCore.Http;

namespace AgentSpec.Runtime.Json;

/// <summary>
/// Reads request bodies with source-generated metadata and turns every way a body can be wrong
/// (not JSON, wrong types, too large, wrong content type) into a 400 or 413 with a clear sentence.
/// </summary>
public static class JsonBody
{
    /// <summary>The body as <typeparamref name="T"/>; null only when the body is empty and <paramref name="required"/> is false.</summary>
    public static async ValueTask<T?> ReadAsync<T>(HttpRequest request, JsonTypeInfo<T> typeInfo, bool required)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.ContentLength > RequestLimits.MaxBodyBytes)
        {
            throw ApiException.PayloadTooLarge($"The request body is larger than the limit of {RequestLimits.MaxBodyBytes} bytes.");
        }

        if (request.ContentLength == 0)
        {
            return required ? throw ApiException.InvalidRequest("The request body is empty; send a JSON object.") : null;
        }

        if (request.ContentType is { } contentType && !IsJson(contentType))
        {
            throw ApiException.InvalidRequest($"The request body must be JSON (Content-Type: application/json), not '{contentType}'.");
        }

        T? value;
        try
        {
            value = await JsonSerializer.DeserializeAsync(request.Body, typeInfo, request.HttpContext.RequestAborted);
        }
        catch (JsonException exception)
        {
            if (!required && exception.LineNumber == 0 && exception.BytePositionInLine == 0 && IsNoTokens(exception))
            {
                return null;
            }

            throw ApiException.InvalidRequest(JsonErrorDescription.Describe(exception));
        }

        return value ?? throw ApiException.InvalidRequest("The request body must be a JSON object, not null.");
    }

    private static bool IsJson(string contentType)
    {
        var mediaType = contentType.AsSpan();
        var semicolon = mediaType.IndexOf(';');
        if (semicolon >= 0)
        {
            mediaType = mediaType[..semicolon];
        }

        mediaType = mediaType.Trim();
        return mediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            || (mediaType.EndsWith("+json", StringComparison.OrdinalIgnoreCase) && mediaType.StartsWith("application/", StringComparison.OrdinalIgnoreCase))
            || mediaType.Equals("text/json", StringComparison.OrdinalIgnoreCase);
    }

    private static bool IsNoTokens(JsonException exception) =>
        exception.Message.Contains("does not contain any JSON tokens", StringComparison.Ordinal);
}
