namespace AgentSpec.AppHost.Redis;

/// <summary>How the AppHost provides the <c>redis</c> resource (configuration key <c>AgentSpec:Redis:Mode</c>).</summary>
public enum RedisMode
{
    /// <summary>A container when a container runtime answers, else <c>redis-server</c> from PATH, else Garnet.</summary>
    Auto,

    /// <summary>The official Redis container with a data volume (needs Docker or Podman).</summary>
    Container,

    /// <summary><c>redis-server</c> from PATH, run by the orchestrator as an executable.</summary>
    Executable,

    /// <summary>Microsoft Garnet from the repository's dotnet tool manifest.</summary>
    Garnet,
}
