namespace AgentSpec.AppHost.Redis;

/// <summary>What the machine offers for running Redis; a seam so the choice can be tested without a daemon.</summary>
public interface IRedisServerProbes
{
    /// <summary>True when a container runtime (Docker or Podman) answers within <paramref name="timeout"/>.</summary>
    bool ContainerRuntimeAnswers(TimeSpan timeout, out string description);

    /// <summary>Full path of <c>redis-server</c> when it is on PATH, else null.</summary>
    string? FindRedisServer();
}
