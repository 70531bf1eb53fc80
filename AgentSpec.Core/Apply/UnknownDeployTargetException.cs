namespace AgentSpec.Core.Apply;

/// <summary>A deploy block names a target kind no adapter handles.</summary>
public sealed class UnknownDeployTargetException : Exception
{
    public UnknownDeployTargetException()
    {
    }

    public UnknownDeployTargetException(string message)
        : base(message)
    {
    }

    public UnknownDeployTargetException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public UnknownDeployTargetException(string deployName, string target, IReadOnlyList<string> knownTargets)
        : base($"Deploy target \"{deployName}\" uses target \"{target}\", which this version of AgentSpec cannot deploy to. Known targets: {string.Join(", ", knownTargets)}.")
    {
        Target = target;
        KnownTargets = knownTargets;
    }

    public string? Target { get; }

    public IReadOnlyList<string> KnownTargets { get; } = [];
}
