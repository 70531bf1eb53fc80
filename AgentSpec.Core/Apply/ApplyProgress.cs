using AgentSpec.Core.Planning;

namespace AgentSpec.Core.Apply;

public enum ApplyProgressKind
{
    /// <summary>The state lock is held and state is loaded; <see cref="ApplyProgress.Message"/> may say a backup was restored.</summary>
    StateLoaded,
    Started,
    Succeeded,
    Failed,
    Checkpointed,
}

/// <summary>One step of an apply, for live output. <see cref="Action"/> is null for state-level steps.</summary>
public sealed record ApplyProgress(ApplyProgressKind Kind, PlanAction? Action, string? Message);
