using AgentSpec.Core.RuntimeApi;
using Microsoft.Extensions.Configuration;

namespace AgentSpec.Runtime.Hosting;

/// <summary>
/// The runtime's own settings, read once at start. Configuration keys (environment variables use
/// <c>__</c> for <c>:</c>): <c>AgentSpec:Runtime:ApiKey</c> (or <c>AGENTSPEC_API_KEY</c>),
/// <c>AgentSpec:Runtime:AllowAnonymous</c>, <c>AgentSpec:Redis:KeyPrefix</c> (default <c>agentspec:</c>,
/// for sessions and the agent registry), and the <c>redis</c> connection string (<c>ConnectionStrings:redis</c>).
/// </summary>
public sealed record RuntimeSettings(string? ApiKey, bool AllowAnonymous, string? RedisConnectionString, string RedisKeyPrefix)
{
    public const string ApiKeyKey = "AgentSpec:Runtime:ApiKey";
    public const string AllowAnonymousKey = "AgentSpec:Runtime:AllowAnonymous";
    public const string RedisKeyPrefixKey = "AgentSpec:Redis:KeyPrefix";
    public const string RedisConnectionName = "redis";
    public const string DefaultRedisKeyPrefix = "agentspec:";

    /// <summary>A shorter key can be guessed; the AppHost generates 32 characters.</summary>
    public const int MinimumApiKeyLength = 16;

    public static RuntimeSettings From(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var apiKey = (NonBlank(configuration[ApiKeyKey]) ?? NonBlank(configuration[RuntimeVariables.ApiKey]))?.Trim();
        var allowAnonymousText = NonBlank(configuration[AllowAnonymousKey]);
        var allowAnonymous = false;
        if (allowAnonymousText is not null && !bool.TryParse(allowAnonymousText, out allowAnonymous))
        {
            throw new RuntimeConfigurationException(
                $"{AllowAnonymousKey} is '{allowAnonymousText}', which is neither true nor false.");
        }

        if (apiKey is null && !allowAnonymous)
        {
            throw new RuntimeConfigurationException(
                "The AgentSpec runtime refuses to start without an API key, because anyone who can reach it could deploy agents and read chat sessions. "
                + $"Set the {RuntimeVariables.ApiKey} environment variable (or the {ApiKeyKey} setting) to a secret key that clients send as '{RuntimeHeaders.ApiKey}: <key>' or 'Authorization: Bearer <key>'; "
                + $"for local development only, allow anonymous access explicitly with {AllowAnonymousKey}=true (environment variable AgentSpec__Runtime__AllowAnonymous=true).");
        }

        if (apiKey is not null && apiKey.Length < MinimumApiKeyLength)
        {
            var source = NonBlank(configuration[ApiKeyKey]) is not null ? ApiKeyKey : RuntimeVariables.ApiKey;
            throw new RuntimeConfigurationException(
                $"The API key in {source} has {apiKey.Length} characters; the AgentSpec runtime needs at least {MinimumApiKeyLength} so that it cannot be guessed. "
                + "Generate one, e.g. with `openssl rand -hex 32`.");
        }

        var prefix = configuration[RedisKeyPrefixKey] ?? DefaultRedisKeyPrefix;
        if (prefix.Length > 64 || prefix.Any(c => char.IsWhiteSpace(c) || char.IsControl(c) || c is '{' or '}' or '*' or '?' or '[' or ']' or '\\'))
        {
            throw new RuntimeConfigurationException(
                $"{RedisKeyPrefixKey} '{prefix}' is not usable: use up to 64 characters without spaces, control characters, braces or glob characters (*?[]\\).");
        }

        return new RuntimeSettings(apiKey, allowAnonymous, NonBlank(configuration.GetConnectionString(RedisConnectionName)), prefix);
    }

    private static string? NonBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
