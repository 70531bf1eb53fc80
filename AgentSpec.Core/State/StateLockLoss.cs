using AgentSpec.Core.State.Errors;

namespace AgentSpec.Core.State;

/// <summary>Why fencing refused a commit (<see cref="StateLockLostException.Loss"/>).</summary>
public enum StateLockLoss
{
    /// <summary>The lock was broken, but how could not be told (its renamed lock file is gone).</summary>
    Broken,

    /// <summary>A waiting command broke it: this holder had not renewed its lease for longer than that command's stale-lock timeout.</summary>
    BrokenAsStale,

    /// <summary>An operator broke it with <c>agentspec state unlock --force</c>.</summary>
    ForceUnlocked,

    /// <summary>The lock is still ours, but the state file changed on disk since it was loaded: something wrote it without the lock.</summary>
    StateChanged,
}
