using System.Text.Json.Nodes;
using AgentSpec.Core.Apply;

namespace AgentSpec.IntegrationTests.Runtime;

/// <summary>A small agent definition, hashed the way the CLI hashes what it deploys.</summary>
public static class TestAgent
{
    public static AgentDefinition Create(string name) => new AgentDefinition
    {
        Name = name,
        Package = "integration-tests",
        Fqn = $"integration-tests/Agent/{name}",
        Model = "claude-sonnet-4-20250514",
        Prompt = new AgentPromptDefinition("system", "You answer integration tests."),
        Attributes = new JsonObject { ["model"] = "claude-sonnet-4-20250514", ["prompt"] = "system" },
    }.WithComputedHash();

    /// <summary>A unique agent name, so tests sharing one runtime never see each other's sessions.</summary>
    public static string UniqueName(string purpose) => $"it-{purpose}-{Guid.NewGuid().ToString("N")[..8]}";
}
