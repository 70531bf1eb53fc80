using System.Buffers;
using System.IO.Pipelines;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using AgentSpec.Runtime.Errors;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace AgentSpec.Runtime.Json;

/// <summary>
/// Reads request bodies with source-generated metadata and turns every way a body can be wrong
/// (not JSON, wrong types, too large, wrong content type) into a 400 or 413 with a clear sentence.
/// </summary>
public static class JsonBody
{
    /// <summary>
    /// An oversized body up to this size is read and discarded before the 413 goes out: a client that is
    /// still sending when the server closes the connection would see a reset instead of the answer.
    /// Larger bodies are cut off (Kestrel closes the connection).
    /// </summary>
    public const long DrainLimitBytes = 16L * 1024 * 1024;

    /// <summary>The body as <typeparamref name="T"/>; null only when the body is empty and <paramref name="required"/> is false.</summary>
    public static async ValueTask<T?> ReadAsync<T>(HttpRequest request, JsonTypeInfo<T> typeInfo, bool required)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } sizeLimit)
        {
            // This reader enforces RequestLimits.MaxBodyBytes itself and drains what lies beyond.
            sizeLimit.MaxRequestBodySize = DrainLimitBytes;
        }

        if (request.ContentLength > RequestLimits.MaxBodyBytes)
        {
            await DrainAsync(request.BodyReader);
            throw TooLarge();
        }

        if (request.ContentLength == 0)
        {
            return required ? throw ApiException.InvalidRequest("The request body is empty; send a JSON object.") : null;
        }

        if (request.ContentType is { } contentType && !IsJson(contentType))
        {
            throw ApiException.InvalidRequest($"The request body must be JSON (Content-Type: application/json), not '{contentType}'.");
        }

        var reader = request.BodyReader;
        while (true)
        {
            var result = await reader.ReadAsync(request.HttpContext.RequestAborted);
            var buffer = result.Buffer;
            if (buffer.Length > RequestLimits.MaxBodyBytes)
            {
                reader.AdvanceTo(buffer.End);
                await DrainAsync(reader);
                throw TooLarge();
            }

            if (!result.IsCompleted)
            {
                reader.AdvanceTo(buffer.Start, buffer.End);
                continue;
            }

            try
            {
                if (buffer.IsEmpty)
                {
                    return required ? throw ApiException.InvalidRequest("The request body is empty; send a JSON object.") : null;
                }

                return Deserialize(buffer, typeInfo);
            }
            finally
            {
                reader.AdvanceTo(buffer.End);
            }
        }
    }

    private static T Deserialize<T>(ReadOnlySequence<byte> buffer, JsonTypeInfo<T> typeInfo)
        where T : class
    {
        T? value;
        try
        {
            var jsonReader = new Utf8JsonReader(buffer);
            value = JsonSerializer.Deserialize(ref jsonReader, typeInfo);
            if (jsonReader.BytesConsumed != buffer.Length && HasMoreThanWhitespace(buffer.Slice(jsonReader.BytesConsumed)))
            {
                throw ApiException.InvalidRequest("The request body is not valid JSON: it continues after the JSON value.");
            }
        }
        catch (JsonException exception)
        {
            throw ApiException.InvalidRequest(JsonErrorDescription.Describe(exception));
        }

        return value ?? throw ApiException.InvalidRequest("The request body must be a JSON object, not null.");
    }

    private static bool HasMoreThanWhitespace(ReadOnlySequence<byte> rest)
    {
        foreach (var segment in rest)
        {
            foreach (var b in segment.Span)
            {
                if (b is not ((byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n'))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static async Task DrainAsync(PipeReader reader)
    {
        try
        {
            while (true)
            {
                var result = await reader.ReadAsync();
                reader.AdvanceTo(result.Buffer.End);
                if (result.IsCompleted)
                {
                    return;
                }
            }
        }
        catch (BadHttpRequestException)
        {
            // Beyond the drain limit: Kestrel gives up on the connection; the 413 is still attempted.
        }
    }

    private static ApiException TooLarge() =>
        ApiException.PayloadTooLarge($"The request body is larger than the limit of {RequestLimits.MaxBodyBytes} bytes.");

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
}
