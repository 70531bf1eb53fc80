namespace AgentSpec.Core.Apply;

/// <summary>The prompt an agent uses, with its content (the model's system message).</summary>
public sealed record AgentPromptDefinition(string Name, string Content);
