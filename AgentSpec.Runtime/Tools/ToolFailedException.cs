namespace AgentSpec.Runtime.Tools;

/// <summary>
/// A tool call that did not produce a result. Its message goes to the model as the tool result (the model
/// may recover), so it must never contain a secret value.
/// </summary>
public sealed class ToolFailedException : Exception
{
    public ToolFailedException(string message)
        : base(message)
    {
    }

    public ToolFailedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public ToolFailedException()
    {
    }
}
