namespace AgentSpec.Core.RuntimeApi;

/// <summary>The HTTP headers of the runtime API (docs/runtime-api.md).</summary>
public static class RuntimeHeaders
{
    /// <summary>Carries the API key; <c>Authorization: Bearer KEY</c> is accepted too.</summary>
    public const string ApiKey = "X-API-Key";

    /// <summary>On a chat turn: a retry with the same key returns the first reply and stores nothing twice.</summary>
    public const string IdempotencyKey = "Idempotency-Key";
}
