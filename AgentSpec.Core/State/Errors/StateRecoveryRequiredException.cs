namespace AgentSpec.Core.State.Errors;

/// <summary>The state cannot be used without an explicit <c>agentspec state recover</c> (CLI exit code 4).</summary>
public abstract class StateRecoveryRequiredException : StateException
{
    protected StateRecoveryRequiredException(string location, string message, string recoveryHint)
        : base(location, message)
    {
        RecoveryHint = recoveryHint;
    }

    /// <summary>What the user should do, as commands.</summary>
    public string RecoveryHint { get; }
}
