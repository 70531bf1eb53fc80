namespace AgentSpec.Testing;

public enum RedisServerKind
{
    /// <summary><c>redis-server</c> from PATH (what CI installs).</summary>
    Redis,

    /// <summary>Microsoft Garnet from the repository's dotnet tool manifest, for machines with only the .NET SDK.</summary>
    Garnet,
}
