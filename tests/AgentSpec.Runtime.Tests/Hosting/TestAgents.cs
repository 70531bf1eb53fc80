using System.Text.Json.Nodes;
using AgentSpec.Core.Apply;

namespace AgentSpec.Runtime.Tests.Hosting;

/// <summary>Agent definitions for tests, hashed like the CLI hashes them.</summary>
public static class TestAgents
{
    public static AgentDefinition Create(string name, string prompt = "You are a helpful assistant.", int? maxMessages = null, string package = "test-pkg")
    {
        var attributes = new JsonObject { ["model"] = "claude-sonnet-4-20250514", ["prompt"] = "system" };
        if (maxMessages is not null)
        {
            attributes["memory"] = new JsonObject { ["max_messages"] = maxMessages };
        }

        return new AgentDefinition
        {
            Name = name,
            Package = package,
            Fqn = $"{package}/Agent/{name}",
            Model = "claude-sonnet-4-20250514",
            Prompt = new AgentPromptDefinition("system", prompt),
            Memory = maxMessages is null ? null : new AgentMemoryDefinition(maxMessages),
            Attributes = attributes,
        }.WithComputedHash();
    }
}
