using System.Net;

namespace AgentSpec.Cli.Runtime;

/// <summary>
/// The runtime answered with an error: <see cref="StatusCode"/>, its <see cref="ErrorCode"/>
/// (<c>invalid_request</c>, <c>unauthorized</c>, <c>not_found</c>, <c>payload_too_large</c>,
/// <c>session_store_unavailable</c>, <c>model_unavailable</c>, <c>internal_error</c>, or
/// <c>outcome_unknown</c>, <c>unexpected_response</c> when the answer was not an AgentSpec error body,
/// <c>invalid_response</c> when a success answer lacked fields, or <c>redirect_refused</c>) and its sentence.
/// </summary>
public sealed class RuntimeApiException : Exception
{
    public const string UnexpectedResponse = "unexpected_response";
    public const string InvalidResponse = "invalid_response";

    public RuntimeApiException()
    {
        ErrorCode = UnexpectedResponse;
    }

    public RuntimeApiException(string message)
        : base(message)
    {
        ErrorCode = UnexpectedResponse;
    }

    public RuntimeApiException(string message, Exception innerException)
        : base(message, innerException)
    {
        ErrorCode = UnexpectedResponse;
    }

    public RuntimeApiException(HttpStatusCode statusCode, string errorCode, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        StatusCode = statusCode;
        ErrorCode = errorCode;
    }

    public HttpStatusCode StatusCode { get; }

    public string ErrorCode { get; }

    /// <summary>The <c>Idempotency-Key</c> the failed request carried, if any: a retry with it cannot store the turn twice.</summary>
    public string? IdempotencyKey { get; init; }

    /// <summary>True for failures worth retrying later (the runtime's stores or model were unavailable).</summary>
    public bool IsTransient => StatusCode is HttpStatusCode.ServiceUnavailable or HttpStatusCode.BadGateway or HttpStatusCode.GatewayTimeout;
}
