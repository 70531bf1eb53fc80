namespace AgentSpec.Runtime.Hosting;

/// <summary>The runtime's configuration does not let it start; the message says why and how to fix it.</summary>
public sealed class RuntimeConfigurationException : Exception
{
    public RuntimeConfigurationException()
    {
    }

    public RuntimeConfigurationException(string message)
        : base(message)
    {
    }

    public RuntimeConfigurationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
