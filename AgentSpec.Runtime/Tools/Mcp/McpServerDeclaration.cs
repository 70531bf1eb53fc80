using System.Text.Json.Nodes;

namespace AgentSpec.Runtime.Tools.Mcp;

/// <summary>
/// An IntentLang <c>server</c> as the deployed definition carries it in an mcp tool's <c>server</c> attribute
/// (docs/tools.md, "mcp tools"). Two tools naming equal declarations share one connection.
/// </summary>
internal sealed record McpServerDeclaration(
    string Name,
    string Transport,
    string? Command,
    IReadOnlyList<string> Args,
    Uri? Url,
    IReadOnlyList<KeyValuePair<string, string>> Env,
    string? AuthSecret)
{
    public const string Stdio = "stdio";
    public const string Sse = "sse";
    public const string StreamableHttp = "streamable-http";

    public bool IsStdio => Transport == Stdio;

    /// <summary>What the runtime's allow-list matches: the command of a stdio server, the host of an HTTP one.</summary>
    public string AllowListEntry => IsStdio ? Command! : Url!.IdnHost;

    /// <summary>The key of the shared connection: everything that decides where and how the runtime connects.</summary>
    public string ConnectionKey => string.Join(
        '\u001f',
        [Name, Transport, Command ?? string.Empty, string.Join('\u001e', Args), Url?.ToString() ?? string.Empty,
            string.Join('\u001e', Env.Select(e => $"{e.Key}={e.Value}")), AuthSecret ?? string.Empty]);

    /// <summary>The declaration of <paramref name="tool"/>'s server; a <see cref="ToolFailedException"/> saying what is missing.</summary>
    public static McpServerDeclaration From(JsonObject tool, string serverName)
    {
        if (tool["server"] is not JsonObject server)
        {
            throw new ToolFailedException(
                $"the definition carries no declaration of MCP server '{serverName}' (deploy it again with this version of agentspec, which sends it)");
        }

        var transport = ToolAttributes.Text(server, "transport") ?? Stdio;
        var command = ToolAttributes.Text(server, "command");
        var url = ToolAttributes.Text(server, "url");
        Uri? uri = null;
        if (transport == Stdio)
        {
            if (string.IsNullOrEmpty(command))
            {
                throw new ToolFailedException($"MCP server '{serverName}' uses transport stdio but declares no command");
            }
        }
        else if (transport is Sse or StreamableHttp)
        {
            if (!Uri.TryCreate(url, UriKind.Absolute, out uri) || uri.Scheme is not ("http" or "https"))
            {
                throw new ToolFailedException($"MCP server '{serverName}' uses transport {transport} but its url '{url}' is not an http(s) URL");
            }
        }
        else
        {
            throw new ToolFailedException($"MCP server '{serverName}' uses transport '{transport}'; this runtime speaks stdio, sse and streamable-http");
        }

        return new McpServerDeclaration(serverName, transport, command, ToolAttributes.List(server, "args"), uri, ToolAttributes.Map(server, "env"), ToolAttributes.Text(server, "auth"));
    }
}
