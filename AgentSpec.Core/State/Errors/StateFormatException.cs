namespace AgentSpec.Core.State.Errors;

/// <summary>
/// The state was written by a newer AgentSpec (a format version above the current one). That is not damage:
/// this version neither reads, repairs, quarantines nor replaces it. Nothing was changed.
/// </summary>
public sealed class StateFormatException : StateException
{
    public StateFormatException(string location, string version)
        : base(location, $"The state {location} was written by a newer AgentSpec (format {version}); this AgentSpec understands formats {StateDocument.LegacyVersion} and {StateDocument.CurrentVersion} and leaves the file untouched.")
    {
        Version = version;
    }

    public string Version { get; }
}
