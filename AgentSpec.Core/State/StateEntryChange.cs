namespace AgentSpec.Core.State;

/// <summary>How one entry would differ after a recovery: <see cref="Current"/> is null for an entry the recovery adds, <see cref="Restored"/> is null for one it drops.</summary>
public sealed record StateEntryChange(string Fqn, StateEntry? Current, StateEntry? Restored);
