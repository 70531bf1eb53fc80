using AgentSpec.Core.Resources;

namespace AgentSpec.Core.Apply;

/// <summary>What an adapter is created for: the package being applied and the deploy block chosen for it.</summary>
public sealed record DeployContext(LoweredPackage Package, DeployTarget Target);
