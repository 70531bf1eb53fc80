namespace AgentSpec.Core.State.Errors;

/// <summary>
/// The file backend runs only where its native values (open flags, <c>statx</c> layout, errno numbers)
/// have been verified: Linux on x64 or Arm64. Elsewhere every state command stops before touching a file.
/// </summary>
public sealed class StatePlatformException : StateException
{
    public StatePlatformException(string location, string platform)
        : base(location, $"The state file backend supports only Linux on x64 or Arm64, not {platform}; nothing was touched.")
    {
    }

    public const string Hint = "Run AgentSpec on Linux (a container or WSL works).";
}
