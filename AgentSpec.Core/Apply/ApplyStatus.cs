namespace AgentSpec.Core.Apply;

public enum ApplyStatus
{
    /// <summary>The plan was empty: nothing was written.</summary>
    NoChanges,

    /// <summary>The user did not confirm: nothing was written.</summary>
    Declined,

    /// <summary>Every planned change was attempted (some may have failed).</summary>
    Completed,

    /// <summary>Cancelled part way: finished changes are committed, the rest untouched or pending.</summary>
    Interrupted,
}
