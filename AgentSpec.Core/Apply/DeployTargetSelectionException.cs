namespace AgentSpec.Core.Apply;

/// <summary>No deploy block could be chosen; <see cref="Hint"/> says how to choose one.</summary>
public sealed class DeployTargetSelectionException : Exception
{
    public DeployTargetSelectionException()
    {
    }

    public DeployTargetSelectionException(string message)
        : base(message)
    {
    }

    public DeployTargetSelectionException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public DeployTargetSelectionException(string message, string hint)
        : base(message)
    {
        Hint = hint;
    }

    public string? Hint { get; }
}
