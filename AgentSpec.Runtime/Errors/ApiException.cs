using AgentSpec.Core.RuntimeApi;
using Microsoft.AspNetCore.Http;

namespace AgentSpec.Runtime.Errors;

/// <summary>
/// A request that cannot be served, with the status, code and sentence the client gets.
/// <see cref="RuntimeExceptionHandler"/> turns it into the problem body.
/// </summary>
public sealed class ApiException : Exception
{
    public ApiException()
        : this(StatusCodes.Status500InternalServerError, ErrorCodes.InternalError, "The request failed.")
    {
    }

    public ApiException(string message)
        : this(StatusCodes.Status400BadRequest, ErrorCodes.InvalidRequest, message)
    {
    }

    public ApiException(string message, Exception innerException)
        : base(message, innerException)
    {
        StatusCode = StatusCodes.Status500InternalServerError;
        ErrorCode = ErrorCodes.InternalError;
    }

    public ApiException(int statusCode, string errorCode, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        StatusCode = statusCode;
        ErrorCode = errorCode;
    }

    public int StatusCode { get; }

    public string ErrorCode { get; }

    public static ApiException InvalidRequest(string message) =>
        new(StatusCodes.Status400BadRequest, ErrorCodes.InvalidRequest, message);

    public static ApiException NotFound(string message) =>
        new(StatusCodes.Status404NotFound, ErrorCodes.NotFound, message);

    public static ApiException PayloadTooLarge(string message) =>
        new(StatusCodes.Status413PayloadTooLarge, ErrorCodes.PayloadTooLarge, message);
}
