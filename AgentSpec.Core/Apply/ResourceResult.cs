using AgentSpec.Core.Planning;

namespace AgentSpec.Core.Apply;

/// <summary>What happened to one planned change. <see cref="Error"/> is set when it failed.</summary>
public sealed record ResourceResult(PlanAction Action, bool Succeeded, string? Error);
