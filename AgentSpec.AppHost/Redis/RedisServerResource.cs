namespace AgentSpec.AppHost.Redis;

/// <summary>
/// A Redis-compatible server (<c>redis-server</c> or Garnet) run by the orchestrator as an executable.
/// Its connection string has the same shape as Aspire's Redis container (<c>host:port,password=…</c>),
/// so consumers that call <c>AddRedisClient("redis")</c> do not care which server runs.
/// </summary>
public sealed class RedisServerResource : ExecutableResource, IResourceWithConnectionString
{
    public const string PrimaryEndpointName = "tcp";

    public RedisServerResource(
        string name,
        string command,
        RedisServerKind kind,
        string dataDirectory,
        ParameterResource password)
        : base(name, command, dataDirectory)
    {
        ArgumentNullException.ThrowIfNull(password);
        if (kind == RedisServerKind.Container)
        {
            throw new ArgumentOutOfRangeException(nameof(kind), kind, "A container is not an executable resource.");
        }

        Kind = kind;
        DataDirectory = dataDirectory;
        PasswordParameter = password;
        PrimaryEndpoint = new EndpointReference(this, PrimaryEndpointName);
    }

    /// <summary>Which server this resource runs.</summary>
    public RedisServerKind Kind { get; }

    /// <summary>Where the server keeps its append-only file (and its 0600 configuration file).</summary>
    public string DataDirectory { get; }

    public ParameterResource PasswordParameter { get; }

    public EndpointReference PrimaryEndpoint { get; }

    /// <summary>The configuration file written before every start; it carries the password, so it is 0600.</summary>
    public string ConfigurationFile =>
        Path.Combine(DataDirectory, Kind == RedisServerKind.Garnet ? "garnet.conf" : "redis.conf");

    public ReferenceExpression ConnectionStringExpression =>
        ReferenceExpression.Create($"{PrimaryEndpoint.Property(EndpointProperty.HostAndPort)},password={PasswordParameter}");
}
