namespace AgentSpec.Runtime.Models;

/// <summary>
/// Configuration section <c>AgentSpec:Models</c> (docs/tools.md, "Models"). Without <see cref="Endpoint"/> every
/// agent talks to the deterministic offline model. The AppHost sets these from its parameters.
/// </summary>
public sealed class ModelOptions
{
    public const string SectionName = "AgentSpec:Models";

    /// <summary>Base URL of an OpenAI-compatible API, including its version segment (e.g. <c>http://localhost:11434/v1</c> for Ollama).</summary>
    public string? Endpoint { get; set; }

    /// <summary>API key for <see cref="Endpoint"/>; optional (local servers such as Ollama ignore it).</summary>
    public string? ApiKey { get; set; }

    /// <summary>
    /// Model to use for every agent whose model <see cref="Deployments"/> does not map, instead of the model the
    /// agent names (handy when the agents name hosted models but the endpoint serves local ones).
    /// </summary>
    public string? Model { get; set; }

    /// <summary>
    /// IntentLang model names (as agents and environment overrides name them) → the names the endpoint deploys
    /// them under, e.g. <c>claude-haiku-latest</c> → <c>llama3.2</c> or an Azure OpenAI deployment name.
    /// </summary>
    public Dictionary<string, string> Deployments { get; set; } = new(StringComparer.Ordinal);

    /// <summary>How long one model call may take.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(100);
}
