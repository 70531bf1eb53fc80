using System.Security.Claims;
using System.Text.Encodings.Web;
using AgentSpec.Core.RuntimeApi;
using AgentSpec.Runtime.Errors;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;

namespace AgentSpec.Runtime.Auth;

/// <summary>
/// The <c>ApiKey</c> authentication scheme: the key comes as <c>X-API-Key: KEY</c> or
/// <c>Authorization: Bearer KEY</c> and is compared in constant time (<see cref="ApiKeyVerifier"/>).
/// A challenge answers 401 <c>unauthorized</c> with the sentence that says what was wrong with the key.
/// </summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ApiKeyVerifier verifier)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    private const string BearerPrefix = "Bearer ";
    private const string MissingKey = "This endpoint needs an API key: send it in the X-API-Key header or as 'Authorization: Bearer <key>'.";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (verifier.AllowsAnonymous)
        {
            return Task.FromResult(Success());
        }

        var headers = Request.Headers;
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
                return Fail("The Authorization header must use the Bearer scheme: 'Authorization: Bearer <key>' (or send the key in X-API-Key).");
            }

            presented = value[BearerPrefix.Length..].Trim();
        }
        else
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        return presented.IsEmpty
            ? Fail("The API key is empty: send it in the X-API-Key header or as 'Authorization: Bearer <key>'.")
            : verifier.Matches(presented)
                ? Task.FromResult(Success())
                : Fail("The API key is not valid.");
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var result = await HandleAuthenticateOnceSafeAsync();
        await Problems.WriteAsync(Context, StatusCodes.Status401Unauthorized, ErrorCodes.Unauthorized, result.Failure?.Message ?? MissingKey);
    }

    private static AuthenticateResult Success() =>
        AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(new ClaimsIdentity(SchemeName)), SchemeName));

    private static Task<AuthenticateResult> Fail(string message) => Task.FromResult(AuthenticateResult.Fail(message));
}
