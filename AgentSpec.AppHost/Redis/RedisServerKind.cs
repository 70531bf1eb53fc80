namespace AgentSpec.AppHost.Redis;

/// <summary>The server that actually runs behind the <c>redis</c> resource.</summary>
public enum RedisServerKind
{
    /// <summary>The <c>redis</c> container image.</summary>
    Container,

    /// <summary><c>redis-server</c> from PATH.</summary>
    RedisServer,

    /// <summary>Garnet (<c>garnet-server</c> dotnet tool).</summary>
    Garnet,
}
