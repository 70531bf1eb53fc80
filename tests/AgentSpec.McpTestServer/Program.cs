using System.ComponentModel;
using ModelContextProtocol;
using ModelContextProtocol.Server;

// Tools the runtime's mcp tests call over stdio: each answer names this process, so a test can tell whether
// two calls shared one connection (one server process) or not.
var options = new McpServerOptions
{
    ServerInfo = new() { Name = "agentspec-test-shop", Version = "1.0.0" },
    ToolCollection =
    [
        McpServerTool.Create(
            [Description("Echo the input")] (string q) => $"echo {q} from process {Environment.ProcessId}",
            new() { Name = "echo" }),
        McpServerTool.Create(
            [Description("Always fails")] string (string q) => throw new McpException($"the warehouse is closed for '{q}'"),
            new() { Name = "fail" }),
        McpServerTool.Create(
            [Description("Never answers")] async (string q, CancellationToken cancellationToken) =>
            {
                await Task.Delay(Timeout.InfiniteTimeSpan, cancellationToken);
                return q;
            },
            new() { Name = "hang" }),
        McpServerTool.Create(
            [Description("Answers more than a small cap")] (string q) => new string('x', 5000),
            new() { Name = "huge" }),
    ],
};

await using var server = McpServer.Create(new StdioServerTransport(options), options);
await server.RunAsync();
