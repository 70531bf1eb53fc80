using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using AgentSpec.Core.Apply;
using AgentSpec.Core.RuntimeApi;
using AgentSpec.Core.Sessions;
using Polly.Timeout;

namespace AgentSpec.Cli.Runtime;

/// <summary>
/// A typed client of the AgentSpec runtime's HTTP API. Every call sends the API key (as
/// <c>X-API-Key</c>); error answers become <see cref="RuntimeApiException"/> (status, error code,
/// sentence) and a runtime that cannot be reached becomes <see cref="RuntimeUnreachableException"/>.
/// Chat turns always carry an <c>Idempotency-Key</c> (generated when the caller gives none), so
/// retrying one — by the caller or by an HTTP resilience handler — never stores it twice.
/// Redirects are never followed: the key must only go to the URL the user named (docs/cli.md).
/// Every answer is checked for the fields the CLI uses before it is returned.
/// </summary>
public sealed class RuntimeClient : IDisposable
{
    public const string RedirectRefused = "redirect_refused";

    /// <summary>How long one request may take when the caller does not say (<c>--timeout</c>).</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    private static readonly RuntimeApiJsonContext Json = RuntimeApiJsonContext.Tolerant;
    private static readonly MediaTypeHeaderValue JsonMediaType = new("application/json") { CharSet = "utf-8" };

    private readonly HttpClient _http;
    private readonly string? _apiKey;

    /// <param name="httpClient">Its <see cref="HttpClient.BaseAddress"/> is the runtime's URL (e.g. <c>http://localhost:8080</c>).</param>
    /// <param name="apiKey">Sent with every request; null for a runtime that allows anonymous access.</param>
    private RuntimeClient(HttpClient httpClient, string? apiKey)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        var baseAddress = httpClient.BaseAddress ?? throw new ArgumentException("The HttpClient needs a BaseAddress: the runtime's URL.", nameof(httpClient));
        if (!baseAddress.IsAbsoluteUri)
        {
            throw new ArgumentException($"The runtime URL '{baseAddress}' must be absolute (e.g. http://localhost:8080).", nameof(httpClient));
        }

        BaseAddress = baseAddress.AbsoluteUri.EndsWith('/') ? baseAddress : new Uri(baseAddress.AbsoluteUri + "/");
        _http = httpClient;
        _apiKey = string.IsNullOrEmpty(apiKey) ? null : apiKey;
    }

    /// <summary>The runtime's URL, ending with a slash.</summary>
    public Uri BaseAddress { get; }

    /// <summary>
    /// A client over the host's <see cref="RuntimeHttpClient"/> (service discovery, retries where safe, no
    /// redirects) that gives up after <paramref name="timeout"/>.
    /// </summary>
    public static RuntimeClient Create(IHttpClientFactory factory, Uri baseAddress, string? apiKey, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(factory);
        ArgumentNullException.ThrowIfNull(baseAddress);
        var http = factory.CreateClient(RuntimeHttpClient.Name);
        http.BaseAddress = baseAddress;
        http.Timeout = timeout;
        return new RuntimeClient(http, apiKey);
    }

    /// <summary><c>GET /healthz</c> (needs no key). A runtime that reports itself degraded answers 503: that is a <see cref="RuntimeApiException"/> too.</summary>
    public Task<HealthzResponse> GetHealthAsync(CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Get, RuntimeRoutes.HealthzPath, null, null, Json.HealthzResponse, RuntimeResponseValidator.Health, cancellationToken);

    /// <summary><c>PUT /v1/agents/{name}</c>: deploys or updates; the same hash again is <c>unchanged</c>.</summary>
    public Task<AgentDeployResponse> DeployAgentAsync(AgentDefinition definition, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var body = JsonContent(JsonSerializer.SerializeToUtf8Bytes(definition, AgentDefinitionJsonContext.Default.AgentDefinition));
        return SendAsync(HttpMethod.Put, RuntimeRoutes.AgentPath(definition.Name), body, null, Json.AgentDeployResponse, RuntimeResponseValidator.Deployment, cancellationToken);
    }

    /// <summary><c>GET /v1/agents</c>, by name.</summary>
    public async Task<IReadOnlyList<AgentSummary>> ListAgentsAsync(CancellationToken cancellationToken = default) =>
        (await SendAsync(HttpMethod.Get, RuntimeRoutes.AgentsPath, null, null, Json.AgentListResponse, RuntimeResponseValidator.AgentListResponse, cancellationToken)).Agents;

    /// <summary><c>GET /v1/agents/{name}</c>; null when no such agent is deployed.</summary>
    public async Task<AgentDetailsResponse?> GetAgentAsync(string name, CancellationToken cancellationToken = default)
    {
        try
        {
            return await SendAsync(HttpMethod.Get, RuntimeRoutes.AgentPath(name), null, null, Json.AgentDetailsResponse, RuntimeResponseValidator.AgentDetails, cancellationToken);
        }
        catch (RuntimeApiException exception) when (IsNotFound(exception))
        {
            return null;
        }
    }

    /// <summary><c>DELETE /v1/agents/{name}</c>; false when no such agent was deployed.</summary>
    public Task<bool> DeleteAgentAsync(string name, CancellationToken cancellationToken = default) =>
        DeleteAsync(RuntimeRoutes.AgentPath(name), cancellationToken);

    /// <summary><c>POST /v1/agents/{agent}/sessions</c>.</summary>
    public Task<SessionCreatedResponse> CreateSessionAsync(string agent, IReadOnlyDictionary<string, string>? metadata = null, CancellationToken cancellationToken = default)
    {
        var body = JsonContent(JsonSerializer.SerializeToUtf8Bytes(new CreateSessionRequest { Metadata = metadata }, Json.CreateSessionRequest));
        return SendAsync(HttpMethod.Post, RuntimeRoutes.SessionsPath(agent), body, null, Json.SessionCreatedResponse, RuntimeResponseValidator.SessionCreatedResponse, cancellationToken);
    }

    /// <summary>
    /// <c>POST /v1/agents/{agent}/sessions/{sessionId}</c>: one chat turn. A retry with the same
    /// <paramref name="idempotencyKey"/> returns the first reply and stores nothing; without one a fresh key is used.
    /// </summary>
    public Task<ChatReplyResponse> SendMessageAsync(string agent, string sessionId, string message, string? idempotencyKey = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        var body = JsonContent(JsonSerializer.SerializeToUtf8Bytes(new SendMessageRequest { Message = message }, Json.SendMessageRequest));
        return SendAsync(HttpMethod.Post, RuntimeRoutes.SessionPath(agent, sessionId), body, idempotencyKey ?? NewIdempotencyKey(), Json.ChatReplyResponse, RuntimeResponseValidator.ChatReplyResponse, cancellationToken);
    }

    /// <summary>
    /// <c>POST /v1/agents/{agent}/invoke</c>: one chat turn in <paramref name="sessionId"/>, or in a new session
    /// when it is null (the reply names it). An idempotency key needs a session.
    /// </summary>
    public Task<ChatReplyResponse> InvokeAsync(string agent, string message, string? sessionId = null, string? idempotencyKey = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        var body = JsonContent(JsonSerializer.SerializeToUtf8Bytes(new InvokeRequest { Message = message, SessionId = sessionId }, Json.InvokeRequest));
        var key = idempotencyKey ?? (sessionId is null ? null : NewIdempotencyKey());
        return SendAsync(HttpMethod.Post, RuntimeRoutes.InvokePath(agent), body, key, Json.ChatReplyResponse, RuntimeResponseValidator.ChatReplyResponse, cancellationToken);
    }

    /// <summary><c>GET …/sessions/{sessionId}/messages</c>: the newest <paramref name="limit"/> messages older than <paramref name="before"/>.</summary>
    public Task<MessagePageResponse> GetMessagesAsync(string agent, string sessionId, int? limit = null, string? before = null, CancellationToken cancellationToken = default)
    {
        var query = new StringBuilder(RuntimeRoutes.SessionMessagesPath(agent, sessionId));
        var separator = '?';
        if (limit is { } pageSize)
        {
            query.Append(separator).Append("limit=").Append(pageSize.ToString(CultureInfo.InvariantCulture));
            separator = '&';
        }

        if (before is not null)
        {
            query.Append(separator).Append("before=").Append(Uri.EscapeDataString(before));
        }

        return SendAsync(HttpMethod.Get, query.ToString(), null, null, Json.MessagePageResponse, RuntimeResponseValidator.MessagePageResponse, cancellationToken);
    }

    /// <summary>The whole history of a session, oldest first, read page by page.</summary>
    public async Task<IReadOnlyList<SessionMessage>> GetAllMessagesAsync(string agent, string sessionId, int pageSize = 1000, CancellationToken cancellationToken = default)
    {
        var pages = new List<IReadOnlyList<SessionMessage>>();
        string? cursor = null;
        do
        {
            var page = await GetMessagesAsync(agent, sessionId, pageSize, cursor, cancellationToken);
            pages.Add(page.Messages);
            cursor = page.NextCursor;
        }
        while (cursor is not null);

        pages.Reverse();
        return pages.SelectMany(p => p).ToList();
    }

    /// <summary><c>GET /v1/agents/{agent}/sessions</c>.</summary>
    public Task<SessionListResponse> ListSessionsAsync(string agent, int? limit = null, CancellationToken cancellationToken = default)
    {
        var path = RuntimeRoutes.SessionsPath(agent) + (limit is { } max ? "?limit=" + max.ToString(CultureInfo.InvariantCulture) : string.Empty);
        return SendAsync(HttpMethod.Get, path, null, null, Json.SessionListResponse, RuntimeResponseValidator.SessionListResponse, cancellationToken);
    }

    /// <summary><c>DELETE /v1/agents/{agent}/sessions/{sessionId}</c>; false when the agent has no such session.</summary>
    public Task<bool> DeleteSessionAsync(string agent, string sessionId, CancellationToken cancellationToken = default) =>
        DeleteAsync(RuntimeRoutes.SessionPath(agent, sessionId), cancellationToken);

    public void Dispose() => _http.Dispose();

    private async Task<bool> DeleteAsync(string path, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await SendRawAsync(HttpMethod.Delete, path, null, null, cancellationToken);
            await EnsureSuccessAsync(response, cancellationToken);
            return true;
        }
        catch (RuntimeApiException exception) when (IsNotFound(exception))
        {
            return false;
        }
    }

    private async Task<T> SendAsync<T>(
        HttpMethod method,
        string path,
        HttpContent? body,
        string? idempotencyKey,
        JsonTypeInfo<T> typeInfo,
        Func<T, string?> findProblem,
        CancellationToken cancellationToken)
    {
        using var response = await SendRawAsync(method, path, body, idempotencyKey, cancellationToken);
        await EnsureSuccessAsync(response, cancellationToken);
        var text = await ReadBodyAsync(response, cancellationToken);
        T? value;
        try
        {
            value = JsonSerializer.Deserialize(text, typeInfo);
        }
        catch (JsonException exception)
        {
            throw Invalid(response, "a body that is not the JSON this client expects", text, exception);
        }

        if (value is null)
        {
            throw Invalid(response, "an empty (null) body", text, null);
        }

        // A 200 with a field missing must be an error here, not a NullReferenceException in a command.
        if (findProblem(value) is { } problem)
        {
            throw Invalid(response, problem, text, null);
        }

        return value;
    }

    private async Task<HttpResponseMessage> SendRawAsync(HttpMethod method, string path, HttpContent? body, string? idempotencyKey, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, new Uri(BaseAddress, path)) { Content = body };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(ProblemResponse.MediaType));
        if (_apiKey is not null)
        {
            request.Headers.TryAddWithoutValidation(RuntimeHeaders.ApiKey, _apiKey);
        }

        if (idempotencyKey is not null)
        {
            request.Headers.TryAddWithoutValidation(RuntimeHeaders.IdempotencyKey, idempotencyKey);
        }

        try
        {
            return await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken);
        }
        catch (HttpRequestException exception)
        {
            throw new RuntimeUnreachableException(BaseAddress, Reason(exception), exception);
        }
        catch (OperationCanceledException exception) when (!cancellationToken.IsCancellationRequested)
        {
            throw TimedOut(exception);
        }
        catch (TimeoutRejectedException exception)
        {
            throw TimedOut(exception);
        }
    }

    private RuntimeUnreachableException TimedOut(Exception exception) =>
        new(BaseAddress, string.Create(CultureInfo.InvariantCulture, $"no answer within {_http.Timeout.TotalSeconds:0.###} s"), exception) { TimedOut = true };

    private async Task EnsureSuccessAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode)
        {
            return;
        }

        if ((int)response.StatusCode is >= 300 and < 400)
        {
            var location = response.Headers.Location is { } target
                ? (target.IsAbsoluteUri ? target : new Uri(response.RequestMessage?.RequestUri ?? BaseAddress, target)).ToString()
                : "(no Location header)";
            throw new RuntimeApiException(
                response.StatusCode,
                RedirectRefused,
                $"The runtime at {BaseAddress} answered HTTP {(int)response.StatusCode}, a redirect to {location}; the CLI does not follow redirects, so the API key was not sent there.");
        }

        var text = await ReadBodyAsync(response, cancellationToken);
        ProblemResponse? problem = null;
        try
        {
            problem = string.IsNullOrWhiteSpace(text) ? null : JsonSerializer.Deserialize(text, Json.ProblemResponse);
        }
        catch (JsonException)
        {
        }

        if (problem is { Error: { Length: > 0 } code, Detail: { Length: > 0 } message })
        {
            throw new RuntimeApiException(response.StatusCode, code, message) { IdempotencyKey = SentIdempotencyKey(response) };
        }

        throw Unexpected(response, "no AgentSpec error body", text, null);
    }

    private async Task<string> ReadBodyAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            return await response.Content.ReadAsStringAsync(cancellationToken);
        }
        catch (HttpRequestException exception)
        {
            throw new RuntimeUnreachableException(BaseAddress, Reason(exception), exception);
        }
        catch (OperationCanceledException exception) when (!cancellationToken.IsCancellationRequested)
        {
            throw TimedOut(exception);
        }
    }

    private RuntimeApiException Invalid(HttpResponseMessage response, string problem, string body, Exception? innerException) =>
        new(
            response.StatusCode,
            RuntimeApiException.InvalidResponse,
            $"The runtime at {BaseAddress} sent an invalid response: {problem} (HTTP {(int)response.StatusCode}, body: {Excerpt(body)}).",
            innerException);

    private static string Excerpt(string body) => body.Length <= 200 ? body : string.Concat(body.AsSpan(0, 200), "…");

    private RuntimeApiException Unexpected(HttpResponseMessage response, string what, string body, Exception? innerException)
    {
        return new RuntimeApiException(
            response.StatusCode,
            RuntimeApiException.UnexpectedResponse,
            $"The runtime at {BaseAddress} answered HTTP {(int)response.StatusCode} with {what}; is that URL an AgentSpec runtime? Body: {Excerpt(body)}",
            innerException);
    }

    private static string Reason(HttpRequestException exception)
    {
        // The innermost message names the real cause ("Connection refused (localhost:8080)").
        Exception cause = exception;
        while (cause.InnerException is not null)
        {
            cause = cause.InnerException;
        }

        return ReferenceEquals(cause, exception) || string.IsNullOrWhiteSpace(cause.Message) ? exception.Message : $"{exception.Message} ({cause.Message})";
    }

    // The key this request carried (the caller's or a generated one): retrying with it is safe.
    private static string? SentIdempotencyKey(HttpResponseMessage response) =>
        response.RequestMessage?.Headers.TryGetValues(RuntimeHeaders.IdempotencyKey, out var values) == true ? values.FirstOrDefault() : null;

    private static bool IsNotFound(RuntimeApiException exception) =>
        exception.StatusCode == HttpStatusCode.NotFound && exception.ErrorCode == ErrorCodes.NotFound;

    private static ByteArrayContent JsonContent(byte[] json)
    {
        var content = new ByteArrayContent(json);
        content.Headers.ContentType = JsonMediaType;
        return content;
    }

    private static string NewIdempotencyKey() => "agentspec-" + Guid.NewGuid().ToString("N");
}
