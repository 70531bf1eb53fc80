using System.Globalization;
using System.Text.Json.Nodes;
using AgentSpec.Cli.Commands;
using AgentSpec.Core.Resources;
using AgentSpec.Core.RuntimeApi;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace AgentSpec.Cli.Runtime;

/// <summary>
/// Where the runtime is and which key to use. URL: <c>--runtime-url</c> → <c>AGENTSPEC_RUNTIME_URL</c> →
/// Aspire service discovery (<c>https+http://runtime</c>, resolved by the host's HTTP client when the
/// <c>services:runtime</c> configuration exists, e.g. <c>services__runtime__http__0</c>) → the deploy block
/// (<c>url</c>, or <c>port</c> meaning <c>http://localhost:PORT</c>). Key: <c>--api-key</c> → <c>AGENTSPEC_API_KEY</c>.
/// </summary>
public sealed record RuntimeEndpoint(Uri Url, string? ApiKey, string Source)
{

    public static RuntimeEndpoint Resolve(CliContext context, RuntimeConnectionOptions options, DeployTarget? target)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(options);
        var apiKey = FirstNonEmpty(options.ApiKey, context.GetEnvironmentVariable(RuntimeVariables.ApiKey));
        if (!string.IsNullOrWhiteSpace(options.RuntimeUrl))
        {
            return new RuntimeEndpoint(Parse(options.RuntimeUrl, "--runtime-url"), apiKey, "--runtime-url");
        }

        if (context.GetEnvironmentVariable(RuntimeVariables.RuntimeUrl) is { Length: > 0 } fromEnvironment)
        {
            return new RuntimeEndpoint(Parse(fromEnvironment, RuntimeVariables.RuntimeUrl), apiKey, RuntimeVariables.RuntimeUrl);
        }

        // Only the host's HTTP client resolves the name, so without a host there is no service discovery.
        if (context.Services?.GetService<IConfiguration>()?.GetSection(RuntimeHttpClient.ServiceDiscoverySection).Exists() == true)
        {
            return new RuntimeEndpoint(RuntimeHttpClient.ServiceDiscoveryUrl, apiKey, "service discovery");
        }

        if (target is not null && FromDeployBlock(target) is { } fromBlock)
        {
            return new RuntimeEndpoint(fromBlock, apiKey, $"deploy block \"{target.Name}\"");
        }

        throw new CliException(
            target is null
                ? "No runtime URL is configured."
                : $"Deploy block \"{target.Name}\" (target \"{target.Target}\") does not say where the runtime is.",
            $"Pass --runtime-url, set {RuntimeVariables.RuntimeUrl}, or give the deploy block a url \"http://…\" (target \"runtime\") or a port N (target \"process\").") { Code = "runtime_url_missing" };
    }

    private static Uri? FromDeployBlock(DeployTarget target)
    {
        if (target.Settings["url"] is JsonValue url && url.TryGetValue<string>(out var text) && !string.IsNullOrWhiteSpace(text))
        {
            return Parse(text, $"the url of deploy block \"{target.Name}\"");
        }

        if (target.Settings["port"] is JsonValue port && port.TryGetValue<long>(out var number) && number is > 0 and <= 65535)
        {
            return new Uri(string.Create(CultureInfo.InvariantCulture, $"http://localhost:{number}"));
        }

        return null;
    }

    private static Uri Parse(string text, string source)
    {
        if (Uri.TryCreate(text.Trim(), UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https")
        {
            return uri;
        }

        throw new CliException($"'{text}' from {source} is not an http(s) URL.", "Use a URL such as http://localhost:8080.") { Code = "runtime_url_invalid" };
    }

    private static string? FirstNonEmpty(params string?[] values) => values.FirstOrDefault(v => !string.IsNullOrEmpty(v));
}
