namespace AgentSpec.Runtime.Tools;

/// <summary>
/// Configuration section <c>AgentSpec:Tools</c>: what the runtime lets skills reach (docs/tools.md).
/// Everything is closed by default: no host, no binary, no inline code.
/// </summary>
public sealed class ToolOptions
{
    public const string SectionName = "AgentSpec:Tools";

    /// <summary>Hosts an <c>http</c> tool may call: exact names (<c>api.example.com</c>) or <c>*.example.com</c>.</summary>
    public List<string> AllowedHosts { get; set; } = [];

    /// <summary>Lets <c>http</c> tools call loopback hosts without listing them; on by default only in Development.</summary>
    public bool? AllowLoopback { get; set; }

    /// <summary>
    /// Binaries a <c>command</c> tool may run, as the tool names them: a bare name (looked up on PATH) or an
    /// absolute path.
    /// </summary>
    public List<string> AllowedBinaries { get; set; } = [];

    /// <summary>Runs <c>inline</c> tools; off by default, and agents that use one are refused at deploy time.</summary>
    public bool EnableInline { get; set; }

    /// <summary>The interpreter of <c>language "python"</c> inline tools.</summary>
    public string PythonInterpreter { get; set; } = "python3";

    /// <summary>Memory limit of an inline tool that declares none.</summary>
    public string DefaultInlineMemory { get; set; } = "256Mi";

    /// <summary>Timeout of a tool that declares none.</summary>
    public TimeSpan DefaultTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Largest tool output (response body, stdout) handed to the model; more is a tool failure.</summary>
    public int MaxOutputBytes { get; set; } = 64 * 1024;
}
