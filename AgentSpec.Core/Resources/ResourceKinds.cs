namespace AgentSpec.Core.Resources;

/// <summary>The resource kinds IntentLang 2.0 lowers to. Deploy targets are not resources.</summary>
public static class ResourceKinds
{
    public const string Prompt = "Prompt";
    public const string Skill = "Skill";
    public const string Agent = "Agent";
    public const string Secret = "Secret";
    public const string Environment = "Environment";
    public const string McpServer = "MCPServer";
    public const string McpClient = "MCPClient";

    public static IReadOnlyList<string> All { get; } = [Prompt, Skill, Agent, Secret, Environment, McpServer, McpClient];
}
