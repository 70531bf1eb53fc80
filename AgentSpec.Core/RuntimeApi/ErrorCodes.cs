namespace AgentSpec.Core.RuntimeApi;

/// <summary>The <c>error</c> values of error bodies. They are API: clients branch on them.</summary>
public static class ErrorCodes
{
    public const string InvalidRequest = "invalid_request";
    public const string Unauthorized = "unauthorized";
    public const string NotFound = "not_found";
    public const string PayloadTooLarge = "payload_too_large";

    /// <summary>The Redis-backed stores (sessions and the agent registry) could not complete the request; nothing partial was written.</summary>
    public const string SessionStoreUnavailable = "session_store_unavailable";

    /// <summary>
    /// A write reached the store and then the store stopped answering: it may or may not have been
    /// applied. A chat turn is retried safely with the same <c>Idempotency-Key</c> (docs/runtime-api.md).
    /// </summary>
    public const string OutcomeUnknown = "outcome_unknown";

    /// <summary>The agent's model (an OpenAI-compatible endpoint) failed or could not be reached.</summary>
    public const string ModelUnavailable = "model_unavailable";

    public const string InternalError = "internal_error";
}
