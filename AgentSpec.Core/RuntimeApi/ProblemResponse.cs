namespace AgentSpec.Core.RuntimeApi;

/// <summary>
/// Every error body of the runtime: an RFC 7807 problem (<c>application/problem+json</c>) whose
/// <see cref="Detail"/> is the sentence for a person and whose <see cref="Error"/> extension member is
/// the stable code clients branch on (one of <see cref="ErrorCodes"/>); docs/runtime-api.md, "Errors".
/// </summary>
public sealed record ProblemResponse(string? Type, string? Title, int? Status, string? Detail, string? Error)
{
    public const string MediaType = "application/problem+json";

    /// <summary>The name of the extension member that carries the error code.</summary>
    public const string ErrorMember = "error";
}
