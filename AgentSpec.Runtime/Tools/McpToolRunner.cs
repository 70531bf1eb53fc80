using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace AgentSpec.Runtime.Tools;

/// <summary>
/// <c>tool mcp "server/tool"</c> through the ModelContextProtocol SDK (docs/tools.md): one connection per
/// server declaration, opened on first use and reused across turns; a connection that breaks is dropped and
/// the next call opens a new one. A stdio server's command obeys the binary allow-list, an HTTP server's URL
/// the host allow-list.
/// </summary>
internal sealed class McpToolRunner : IAsyncDisposable
{
    /// <summary>For a stdio server, the value of its <c>auth</c> secret, when it declares one.</summary>
    public const string StdioTokenVariable = "AGENTSPEC_MCP_TOKEN";

    public static readonly string[] Transports = ["stdio", "sse", "streamable-http", "http"];

    private readonly ToolOptions _options;
    private readonly ToolHostPolicy _hosts;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ConcurrentDictionary<string, Lazy<Task<McpClient>>> _clients = new(StringComparer.Ordinal);

    public McpToolRunner(IOptions<ToolOptions> options, ToolHostPolicy hosts, ILoggerFactory loggerFactory)
    {
        _options = options.Value;
        _hosts = hosts;
        _loggerFactory = loggerFactory;
    }

    public async Task<string> RunAsync(ToolInvocation invocation, CancellationToken cancellationToken)
    {
        var serverTool = ToolAttributes.Text(invocation.Tool, "server_tool") ?? string.Empty;
        var toolName = serverTool.Contains('/', StringComparison.Ordinal) ? serverTool[(serverTool.IndexOf('/', StringComparison.Ordinal) + 1)..] : serverTool;
        var server = invocation.McpServer ?? throw new ToolFailedException($"the definition carries no MCP server for '{serverTool}'; deploy it again with this version of the CLI");
        // Read at every call: a rotated secret opens a new connection, and the call's result is scrubbed of it.
        var token = ToolAttributes.Text(server, "auth") is { } auth ? invocation.Secrets.Reveal(auth) : null;
        var key = token is null ? server.ToJsonString() : string.Concat(server.ToJsonString(), "\n", Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(token))));
        var timeout = ToolAttributes.Timeout(invocation.Tool, _options.DefaultTimeout);
        using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeoutSource.CancelAfter(timeout);
        var connection = _clients.GetOrAdd(key, _ => new Lazy<Task<McpClient>>(() => ConnectAsync(server, token)));
        CallToolResult result;
        try
        {
            var client = await connection.Value.WaitAsync(timeoutSource.Token);
            var arguments = invocation.Input.ToDictionary(
                entry => entry.Key,
                entry => (object?)(entry.Value is null ? null : JsonSerializer.SerializeToElement(entry.Value, ToolJsonContext.Default.JsonNode)));
            result = await client.CallToolAsync(toolName, arguments, cancellationToken: timeoutSource.Token);
        }
        catch (OperationCanceledException) when (timeoutSource.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new ToolFailedException($"MCP tool '{serverTool}' timed out after {ToolAttributes.Describe(timeout)}");
        }
        catch (Exception exception) when (exception is not (OperationCanceledException or ToolFailedException))
        {
            // The connection may be broken: the next call opens a new one.
            await DropAsync(key, connection);
            throw new ToolFailedException($"MCP tool '{serverTool}' failed: {exception.Message}", exception);
        }
        catch (ToolFailedException)
        {
            await DropAsync(key, connection);
            throw;
        }

        var text = TextOf(result);
        if (Encoding.UTF8.GetByteCount(text) > _options.MaxOutputBytes)
        {
            throw new ToolFailedException($"MCP tool '{serverTool}' returned more than the runtime's cap of {_options.MaxOutputBytes} bytes ({ToolOptions.SectionName}:MaxOutputBytes)");
        }

        return result.IsError == true ? throw new ToolFailedException($"MCP tool '{serverTool}' reported an error: {text}") : text;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var connection in _clients.Values)
        {
            if (connection.IsValueCreated && connection.Value.IsCompletedSuccessfully)
            {
                await connection.Value.Result.DisposeAsync();
            }
        }

        _clients.Clear();
    }

    private async Task<McpClient> ConnectAsync(JsonObject server, string? token)
    {
        var name = ToolAttributes.Text(server, "name") ?? "mcp";
        var transport = ToolAttributes.Text(server, "transport") ?? "stdio";
        IClientTransport clientTransport;
        if (transport == "stdio")
        {
            var command = ToolAttributes.Text(server, "command") ?? throw new ToolFailedException($"MCP server '{name}' has no command");
            var environment = new Dictionary<string, string?>(StringComparer.Ordinal);
            foreach (var variable in ToolProcess.StartInfo(command).Environment)
            {
                environment[variable.Key] = variable.Value;
            }

            foreach (var (variable, value) in ToolAttributes.Map(server, "env"))
            {
                environment[variable] = value;
            }

            if (token is not null)
            {
                environment[StdioTokenVariable] = token;
            }

            clientTransport = new StdioClientTransport(new StdioClientTransportOptions
            {
                Name = name,
                Command = CommandToolRunner.LocateAllowed(_options, command),
                Arguments = ToolAttributes.List(server, "args").ToList(),
                EnvironmentVariables = environment,
                InheritEnvironmentVariables = false,
            }, _loggerFactory);
        }
        else
        {
            var url = ToolAttributes.Text(server, "url") ?? throw new ToolFailedException($"MCP server '{name}' has no url");
            if (!Uri.TryCreate(url, UriKind.Absolute, out var endpoint) || endpoint.Scheme is not ("http" or "https"))
            {
                throw new ToolFailedException($"MCP server '{name}': '{url}' is not an http(s) URL");
            }

            _hosts.Check(endpoint);
            var headers = new Dictionary<string, string>(StringComparer.Ordinal);
            if (token is not null)
            {
                headers["Authorization"] = "Bearer " + token;
            }

            clientTransport = new HttpClientTransport(new HttpClientTransportOptions
            {
                Name = name,
                Endpoint = endpoint,
                AdditionalHeaders = headers,
                TransportMode = transport == "sse" ? HttpTransportMode.Sse : HttpTransportMode.StreamableHttp,
            }, _loggerFactory);
        }

        return await McpClient.CreateAsync(clientTransport, loggerFactory: _loggerFactory);
    }

    private async Task DropAsync(string key, Lazy<Task<McpClient>> connection)
    {
        if (_clients.TryRemove(new KeyValuePair<string, Lazy<Task<McpClient>>>(key, connection)) && connection.IsValueCreated && connection.Value.IsCompletedSuccessfully)
        {
            await connection.Value.Result.DisposeAsync();
        }
    }

    private static string TextOf(CallToolResult result)
    {
        var text = new StringBuilder();
        foreach (var block in result.Content)
        {
            text.Append(block is TextContentBlock textBlock ? textBlock.Text : $"[{block.Type} content]");
        }

        return text.ToString();
    }
}
