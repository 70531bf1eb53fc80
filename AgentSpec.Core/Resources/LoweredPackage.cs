namespace AgentSpec.Core.Resources;

/// <summary>The result of lowering one IntentLang package: its resources sorted by FQN, and its deploy targets.</summary>
public sealed record LoweredPackage(
    string Name,
    string Version,
    string LangVersion,
    IReadOnlyList<Resource> Resources,
    IReadOnlyList<DeployTarget> DeployTargets);
