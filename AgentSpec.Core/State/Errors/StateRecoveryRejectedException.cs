namespace AgentSpec.Core.State.Errors;

/// <summary><c>state recover</c> refused: the source is missing or damaged, the lineages differ without consent, or the state changed since the plan. Nothing was changed.</summary>
public sealed class StateRecoveryRejectedException : StateException
{
    public const string DefaultHint = "Check the recovery source with `agentspec state verify --state-file FILE`.";

    public StateRecoveryRejectedException(string location, string message, string? hint = null)
        : base(location, message)
    {
        Hint = hint ?? DefaultHint;
    }

    /// <summary>What the user can do about it.</summary>
    public string Hint { get; }
}
