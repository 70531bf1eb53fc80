using System.Globalization;
using Microsoft.Extensions.Options;

namespace AgentSpec.Runtime.Tools;

/// <summary>
/// <c>tool inline</c> with <c>language "python"</c>: the code runs in a fresh isolated interpreter (<c>python3 -I</c>)
/// with the input as JSON on stdin, an address-space limit of the tool's <c>memory</c> and its timeout. Only when
/// <see cref="ToolOptions.EnableInline"/> is set; it is a resource limit, not a sandbox (docs/tools.md).
/// </summary>
internal sealed class InlineToolRunner(IOptions<ToolOptions> options)
{
    public static readonly string[] Languages = ["python", "python3"];

    // The limit is set before the tool's code is even compiled; the code is passed as an argument, never
    // spliced into source text.
    private const string Prelude =
        "import resource, sys\n" +
        "limit = int(sys.argv[1])\n" +
        "resource.setrlimit(resource.RLIMIT_AS, (limit, limit))\n" +
        "code = sys.argv[2]\n" +
        "del sys.argv[1:3]\n" +
        "exec(compile(code, '<inline tool>', 'exec'), {'__name__': '__main__'})\n";

    private readonly ToolOptions _options = options.Value;

    /// <summary>Why <paramref name="tool"/> cannot run here, or null.</summary>
    public string? FindProblem(System.Text.Json.Nodes.JsonObject tool)
    {
        if (!_options.EnableInline)
        {
            return $"it is disabled on this runtime (set {ToolOptions.SectionName}:EnableInline to true to run inline code)";
        }

        var language = ToolAttributes.Text(tool, "language");
        if (language is null || !Languages.Contains(language.ToLowerInvariant(), StringComparer.Ordinal))
        {
            return $"language '{language}' is not supported (the runtime runs inline python)";
        }

        var memory = ToolAttributes.Text(tool, "memory_limit") ?? ToolAttributes.Text(tool, "memory");
        return memory is not null && !TryParseBytes(memory, out _)
            ? $"memory '{memory}' is not a size such as \"128Mi\" or \"1Gi\""
            : null;
    }

    public Task<string> RunAsync(ToolInvocation invocation, CancellationToken cancellationToken)
    {
        var tool = invocation.Tool;
        if (FindProblem(tool) is { } problem)
        {
            throw new ToolFailedException($"the inline tool cannot run: {problem}");
        }

        var memory = ToolAttributes.Text(tool, "memory_limit") ?? ToolAttributes.Text(tool, "memory") ?? _options.DefaultInlineMemory;
        if (!TryParseBytes(memory, out var bytes))
        {
            throw new ToolFailedException($"memory '{memory}' is not a size such as \"128Mi\"");
        }

        var startInfo = ToolProcess.StartInfo(_options.PythonInterpreter);
        startInfo.ArgumentList.Add("-I");
        startInfo.ArgumentList.Add("-c");
        startInfo.ArgumentList.Add(Prelude);
        startInfo.ArgumentList.Add(bytes.ToString(CultureInfo.InvariantCulture));
        startInfo.ArgumentList.Add(ToolAttributes.Text(tool, "code") ?? string.Empty);
        return ToolProcess.RunAsync(startInfo, invocation.Input.ToJsonString(ToolJsonContext.Readable), ToolAttributes.Timeout(tool, _options.DefaultTimeout), _options.MaxOutputBytes, cancellationToken);
    }

    /// <summary>Kubernetes-style sizes: <c>128Mi</c>, <c>1Gi</c>, <c>500M</c>, <c>1048576</c>.</summary>
    public static bool TryParseBytes(string text, out long bytes)
    {
        (string Suffix, long Factor)[] units = [("Ki", 1L << 10), ("Mi", 1L << 20), ("Gi", 1L << 30), ("K", 1000), ("M", 1_000_000), ("G", 1_000_000_000)];
        foreach (var (suffix, factor) in units)
        {
            if (text.EndsWith(suffix, StringComparison.Ordinal)
                && long.TryParse(text.AsSpan(0, text.Length - suffix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var count)
                && count > 0)
            {
                bytes = count * factor;
                return true;
            }
        }

        return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out bytes) && bytes > 0;
    }
}
