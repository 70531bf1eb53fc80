namespace AgentSpec.Runtime.Agents;

/// <summary>The agent registry's store (Redis) could not complete an operation; nothing was changed.</summary>
public sealed class AgentRegistryUnavailableException : Exception
{
    public AgentRegistryUnavailableException()
    {
    }

    public AgentRegistryUnavailableException(string message)
        : base(message)
    {
    }

    public AgentRegistryUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
