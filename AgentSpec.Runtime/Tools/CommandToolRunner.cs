using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;

namespace AgentSpec.Runtime.Tools;

/// <summary>
/// <c>tool command</c>: an allow-listed binary, run directly (no shell) with the declared <c>args</c>, the
/// input as JSON on stdin, the declared <c>env</c> and <c>secrets</c> as environment variables (docs/tools.md).
/// </summary>
internal sealed class CommandToolRunner(IOptions<ToolOptions> options)
{
    private readonly ToolOptions _options = options.Value;

    public Task<string> RunAsync(ToolInvocation invocation, CancellationToken cancellationToken)
    {
        var tool = invocation.Tool;
        var binary = ToolAttributes.Text(tool, "binary") ?? throw new ToolFailedException("the command tool names no binary");
        var startInfo = ToolProcess.StartInfo(LocateAllowed(_options, binary));
        foreach (var argument in ToolAttributes.List(tool, "args"))
        {
            startInfo.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in ToolAttributes.Map(tool, "env"))
        {
            startInfo.Environment[name] = value;
        }

        foreach (var (name, secret) in ToolAttributes.Map(tool, "secrets"))
        {
            startInfo.Environment[name] = invocation.Secrets.Reveal(secret);
        }

        return ToolProcess.RunAsync(startInfo, invocation.Input.ToJsonString(ToolJsonContext.Readable), ToolAttributes.Timeout(tool, _options.DefaultTimeout), _options.MaxOutputBytes, cancellationToken);
    }

    /// <summary>
    /// The path of <paramref name="binary"/> when the allow-list names it: an absolute path as is, a bare name
    /// through PATH, like a shell would but without one.
    /// </summary>
    public static string LocateAllowed(ToolOptions options, string binary)
    {
        if (!options.AllowedBinaries.Contains(binary, StringComparer.Ordinal))
        {
            throw new ToolFailedException(
                $"binary '{binary}' is not on the runtime's allow-list (configure {ToolOptions.SectionName}:AllowedBinaries)");
        }

        if (Path.IsPathRooted(binary))
        {
            return File.Exists(binary) ? binary : throw new ToolFailedException($"binary '{binary}' does not exist");
        }

        foreach (var directory in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(directory, binary);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new ToolFailedException($"binary '{binary}' is allowed but was not found on the runtime's PATH");
    }
}
