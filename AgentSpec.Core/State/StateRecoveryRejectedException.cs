namespace AgentSpec.Core.State;

/// <summary><c>state recover</c> refused: the source is missing or damaged, the lineages differ without consent, or the state changed since the plan. Nothing was changed.</summary>
public sealed class StateRecoveryRejectedException : StateException
{
    public StateRecoveryRejectedException(string location, string message)
        : base(location, message)
    {
    }
}
