namespace AgentSpec.Runtime.Models;

/// <summary>
/// Configuration section <c>AgentSpec:Models</c>. Without <see cref="Endpoint"/> every agent talks to the
/// deterministic offline model.
/// </summary>
public sealed class ModelOptions
{
    public const string SectionName = "AgentSpec:Models";

    /// <summary>Base URL of an OpenAI-compatible API, including its version segment (e.g. <c>http://localhost:11434/v1</c> for Ollama).</summary>
    public string? Endpoint { get; set; }

    /// <summary>API key for <see cref="Endpoint"/>; optional (local servers such as Ollama ignore it).</summary>
    public string? ApiKey { get; set; }

    /// <summary>Model to use for every agent instead of the model the agent names (handy when the agents name hosted models but the endpoint serves local ones).</summary>
    public string? Model { get; set; }

    /// <summary>How long one model call may take.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(100);
}
