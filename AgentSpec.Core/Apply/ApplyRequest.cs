using AgentSpec.Core.Planning;
using AgentSpec.Core.Resources;
using AgentSpec.Core.State;

namespace AgentSpec.Core.Apply;

/// <param name="Package">The lowered package to apply (for destroy: whose resources to remove).</param>
/// <param name="Adapter">Where changes go; chosen before the lock is taken so a bad target fails fast.</param>
/// <param name="LockOptions">Lock timeout, stale timeout and wait progress.</param>
/// <param name="ConfirmAsync">Asked with the plan once it has changes; false stops without changing anything.</param>
/// <param name="Progress">Per-resource progress for the CLI.</param>
public sealed record ApplyRequest(
    LoweredPackage Package,
    ApplyMode Mode,
    IDeployAdapter Adapter,
    StateLockOptions LockOptions,
    Func<Plan, CancellationToken, Task<bool>> ConfirmAsync,
    IProgress<ApplyProgress>? Progress = null)
{
    /// <summary>Long applies commit what finished at most this often (docs/state.md, "How apply uses them").</summary>
    public TimeSpan CheckpointInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Tags naming the state backend and workspace (docs/telemetry.md), set on the apply span by the caller that chose the backend.</summary>
    public IReadOnlyList<KeyValuePair<string, object?>> StateTags { get; init; } = [];
}
