using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using AgentSpec.Runtime.Tools.Mcp;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ModelContextProtocol;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace AgentSpec.Runtime.Tools;

/// <summary>
/// <c>tool mcp "server/tool"</c>: a call of the tool on the skill's declared MCP server through the official
/// ModelContextProtocol SDK, over stdio or HTTP (docs/tools.md, "mcp tools"). One connection per declared server,
/// opened on first use and reused by every later turn and replica-local agent; a connection that broke is
/// dropped and the next call opens a new one. Only servers on <see cref="ToolOptions.AllowedMcpServers"/> are reached.
/// </summary>
internal sealed class McpToolRunner(IOptions<ToolOptions> options, ToolSecrets secrets, ILoggerFactory loggerFactory) : IAsyncDisposable
{
    private readonly ToolOptions _options = options.Value;
    private readonly ConcurrentDictionary<string, Lazy<Task<McpClient>>> _connections = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stopping = new();

    /// <summary>How long starting a server and the MCP handshake may take (a cold <c>dotnet</c> or <c>npx</c> start is slow).</summary>
    public static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(60);

    /// <summary>How many connections are open or opening; the tests check that turns share one.</summary>
    public int ConnectionCount => _connections.Count;

    public async Task<string> RunAsync(ToolInvocation invocation, CancellationToken cancellationToken)
    {
        var reference = ToolAttributes.Text(invocation.Tool, "server_tool") ?? throw new ToolFailedException("the mcp tool names no server/tool");
        if (reference.Split('/') is not [var serverName, var toolName] || serverName.Length == 0 || toolName.Length == 0)
        {
            throw new ToolFailedException($"'{reference}' is not a server-name/tool-name reference");
        }

        var server = McpServerDeclaration.From(invocation.Tool, serverName);
        if (!_options.AllowedMcpServers.Contains(server.AllowListEntry, StringComparer.Ordinal))
        {
            throw new ToolFailedException(
                $"MCP server '{serverName}' ({(server.IsStdio ? "command" : "host")} '{server.AllowListEntry}') is not on the runtime's allow-list (configure {ToolOptions.SectionName}:{nameof(ToolOptions.AllowedMcpServers)})");
        }

        // Connecting (starting a server process, the MCP handshake) has its own bound; the tool's timeout is the call's.
        var connection = _connections.GetOrAdd(server.ConnectionKey, _ => new Lazy<Task<McpClient>>(() => ConnectAsync(server)));
        var client = await connection.Value.WaitAsync(cancellationToken);
        var timeout = ToolAttributes.Timeout(invocation.Tool, _options.DefaultTimeout);
        using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeoutSource.CancelAfter(timeout);
        try
        {
            var result = await client.CallToolAsync(toolName, Arguments(invocation), cancellationToken: timeoutSource.Token);
            var text = string.Join('\n', result.Content.Select(Describe));
            if (Encoding.UTF8.GetByteCount(text) > _options.MaxOutputBytes)
            {
                throw new ToolFailedException($"the result is larger than the runtime's cap of {_options.MaxOutputBytes} bytes ({ToolOptions.SectionName}:MaxOutputBytes)");
            }

            return result.IsError == true ? throw new ToolFailedException($"MCP tool '{reference}' failed: {text}") : text;
        }
        catch (OperationCanceledException) when (timeoutSource.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new ToolFailedException($"MCP tool '{reference}' timed out after {ToolAttributes.Describe(timeout)}");
        }
        catch (McpProtocolException exception)
        {
            // The server answered with an error (an unknown tool, bad arguments): the connection is fine.
            throw new ToolFailedException($"MCP tool '{reference}' failed: {exception.Message}", exception);
        }
        catch (Exception exception) when (exception is McpException or IOException or InvalidOperationException or HttpRequestException or JsonException)
        {
            await DropAsync(server.ConnectionKey, connection);
            throw new ToolFailedException($"MCP server '{serverName}' failed: {exception.Message}", exception);
        }
    }

    private async Task<McpClient> ConnectAsync(McpServerDeclaration server)
    {
        IClientTransport transport = server.IsStdio
            ? new StdioClientTransport(
                new StdioClientTransportOptions
                {
                    Name = server.Name,
                    Command = server.Command!,
                    Arguments = [.. server.Args],
                    EnvironmentVariables = server.Env.ToDictionary(e => e.Key, e => (string?)e.Value, StringComparer.Ordinal),
                },
                loggerFactory)
            : new HttpClientTransport(
                new HttpClientTransportOptions
                {
                    Name = server.Name,
                    Endpoint = server.Url!,
                    TransportMode = server.Transport == McpServerDeclaration.Sse ? HttpTransportMode.Sse : HttpTransportMode.StreamableHttp,

                    // Resolved when the connection opens: the value is never stored in the definition or in state.
                    AdditionalHeaders = server.AuthSecret is { } secret
                        ? new Dictionary<string, string>(StringComparer.Ordinal) { ["Authorization"] = $"Bearer {secrets.Resolve(secret)}" }
                        : null,
                },
                loggerFactory);
        using var connectTimeout = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token);
        connectTimeout.CancelAfter(ConnectTimeout);
        try
        {
            return await McpClient.CreateAsync(transport, new McpClientOptions { ClientInfo = new() { Name = "agentspec-runtime", Version = "1.0.0" } }, loggerFactory, connectTimeout.Token);
        }
        catch (Exception exception) when (exception is not ToolFailedException)
        {
            _connections.TryRemove(server.ConnectionKey, out _);
            throw new ToolFailedException($"could not connect to MCP server '{server.Name}': {exception.Message}", exception);
        }
    }

    private async Task DropAsync(string key, Lazy<Task<McpClient>> connection)
    {
        if (_connections.TryRemove(KeyValuePair.Create(key, connection)) && connection.Value.IsCompletedSuccessfully)
        {
            await connection.Value.Result.DisposeAsync();
        }
    }

    private static Dictionary<string, object?> Arguments(ToolInvocation invocation) =>
        invocation.Input.ToDictionary(
            property => property.Key,
            property => property.Value is null ? null : (object?)JsonDocument.Parse(property.Value.ToJsonString()).RootElement.Clone(),
            StringComparer.Ordinal);

    private static string Describe(ContentBlock block) => block switch
    {
        TextContentBlock text => text.Text,
        _ => $"[{block.Type} content]",
    };

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        foreach (var connection in _connections.Values)
        {
            if (connection.IsValueCreated && connection.Value.IsCompletedSuccessfully)
            {
                await connection.Value.Result.DisposeAsync();
            }
        }

        _connections.Clear();
        _stopping.Dispose();
    }
}
