using System.Text;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.ServiceDiscovery;

namespace AgentSpec.Runtime.Tools;

/// <summary>
/// <c>tool http</c>: one request to an allowed host, input substituted into url, headers and
/// <c>body_template</c> (docs/tools.md). Redirects are not followed: a redirect could leave the allow-list.
/// </summary>
internal sealed class HttpToolRunner : IDisposable
{
    private static readonly string[] MethodsWithBody = ["POST", "PUT", "PATCH"];

    private readonly ToolOptions _options;
    private readonly ToolHostPolicy _hosts;
    private readonly ToolServiceEndpoints _serviceEndpoints;

    // Not from IHttpClientFactory: the default resilience handler would retry tool calls (a POST may not be
    // idempotent) and impose its own timeouts; tracing still sees the requests through HttpClient's diagnostics.
    private readonly HttpClient _client = new(new SocketsHttpHandler
    {
        AllowAutoRedirect = false,
        UseCookies = false,
        PooledConnectionLifetime = TimeSpan.FromMinutes(2),
    })
    {
        Timeout = System.Threading.Timeout.InfiniteTimeSpan,
    };

    public HttpToolRunner(IOptions<ToolOptions> options, ToolHostPolicy hosts, ServiceEndpointResolver? serviceEndpoints = null)
    {
        _serviceEndpoints = new ToolServiceEndpoints(serviceEndpoints);
        _options = options.Value;
        _hosts = hosts;
    }

    public async Task<string> RunAsync(ToolInvocation invocation, CancellationToken cancellationToken)
    {
        var tool = invocation.Tool;
        var bodyTemplate = ToolAttributes.Text(tool, "body_template");
        var method = (ToolAttributes.Text(tool, "method") ?? (bodyTemplate is null ? "GET" : "POST")).ToUpperInvariant();
        var urlTemplate = ToolAttributes.Text(tool, "url") ?? throw new ToolFailedException("the http tool has no url");
        var url = InputTemplate.Render(urlTemplate, invocation.Input, InputTemplate.Target.Url);
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            throw new ToolFailedException($"'{url}' is not an http(s) URL");
        }

        _hosts.Check(uri);

        using var request = new HttpRequestMessage(new HttpMethod(method), await _serviceEndpoints.ResolveAsync(uri, cancellationToken));
        var headers = ToolAttributes.Map(tool, "headers");
        var contentType = headers.FirstOrDefault(h => h.Key.Equals("Content-Type", StringComparison.OrdinalIgnoreCase)).Value;
        if (bodyTemplate is not null)
        {
            var target = TargetOf(contentType, bodyTemplate);
            var body = InputTemplate.Render(bodyTemplate, invocation.Input, target);
            request.Content = new StringContent(body, Encoding.UTF8, target == InputTemplate.Target.Json ? "application/json" : target == InputTemplate.Target.Form ? "application/x-www-form-urlencoded" : "text/plain");
        }
        else if (MethodsWithBody.Contains(method, StringComparer.Ordinal))
        {
            request.Content = new StringContent(invocation.Input.ToJsonString(ToolJsonContext.Readable), Encoding.UTF8, "application/json");
        }

        foreach (var (name, template) in headers)
        {
            var value = InputTemplate.Render(template, invocation.Input, InputTemplate.Target.Header, invocation.Secrets);
            if (request.Content is not null && name.StartsWith("Content-", StringComparison.OrdinalIgnoreCase))
            {
                request.Content.Headers.Remove(name);
                request.Content.Headers.TryAddWithoutValidation(name, value);
            }
            else if (!request.Headers.TryAddWithoutValidation(name, value))
            {
                throw new ToolFailedException($"header '{name}' cannot be sent");
            }
        }

        var timeout = ToolAttributes.Timeout(tool, _options.DefaultTimeout);
        using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeoutSource.CancelAfter(timeout);
        try
        {
            using var response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeoutSource.Token);
            await using var stream = await response.Content.ReadAsStreamAsync(timeoutSource.Token);
            var (data, overflowed) = await BoundedOutput.ReadAsync(stream, _options.MaxOutputBytes, timeoutSource.Token);
            if (overflowed)
            {
                throw new ToolFailedException($"the response is larger than the runtime's cap of {_options.MaxOutputBytes} bytes ({ToolOptions.SectionName}:MaxOutputBytes)");
            }

            var text = Encoding.UTF8.GetString(data);
            return response.IsSuccessStatusCode
                ? text
                : throw new ToolFailedException($"{method} {uri.GetLeftPart(UriPartial.Path)} answered {(int)response.StatusCode} {response.ReasonPhrase}: {Excerpt(text)}");
        }
        catch (OperationCanceledException) when (timeoutSource.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new ToolFailedException($"{method} {uri.GetLeftPart(UriPartial.Path)} timed out after {ToolAttributes.Describe(timeout)}");
        }
        catch (HttpRequestException exception)
        {
            throw new ToolFailedException($"{method} {uri.GetLeftPart(UriPartial.Path)} failed: {exception.Message}", exception);
        }
    }

    public void Dispose() => _client.Dispose();

    private static InputTemplate.Target TargetOf(string? contentType, string bodyTemplate)
    {
        if (contentType is not null)
        {
            return contentType.Contains("json", StringComparison.OrdinalIgnoreCase) ? InputTemplate.Target.Json
                : contentType.Contains("x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase) ? InputTemplate.Target.Form
                : InputTemplate.Target.Text;
        }

        var start = bodyTemplate.TrimStart();
        return start.StartsWith('{') || start.StartsWith('[') ? InputTemplate.Target.Json : InputTemplate.Target.Text;
    }

    private static string Excerpt(string text) => text.Length <= 500 ? text : string.Concat(text.AsSpan(0, 500), "…");
}
