namespace AgentSpec.Core.State;

/// <summary>The state has a format version this AgentSpec does not know (written by a newer one). Nothing was changed.</summary>
public sealed class StateFormatException : StateException
{
    public StateFormatException(string location, string version)
        : base(location, $"The state {location} has format version \"{version}\", which this AgentSpec does not understand (it knows \"{StateDocument.LegacyVersion}\" and \"{StateDocument.CurrentVersion}\"). Upgrade agentspec.")
    {
        Version = version;
    }

    public string Version { get; }
}
