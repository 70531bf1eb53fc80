namespace AgentSpec.Core.Sessions;

public sealed class RedisSessionStoreOptions
{
    public const string DefaultKeyPrefix = "agentspec:";

    /// <summary>Prepended to every key (<c>agentspec:session:{id}</c> by default). No braces, glob characters or whitespace.</summary>
    public string KeyPrefix { get; set; } = DefaultKeyPrefix;

    /// <summary>A session expires this long after its last append; every append refreshes it.</summary>
    public TimeSpan Ttl { get; set; } = TimeSpan.FromHours(24);

    /// <summary>The Redis database number; -1 is the connection's default.</summary>
    public int Database { get; set; } = -1;

    internal void Validate()
    {
        ArgumentNullException.ThrowIfNull(KeyPrefix);
        foreach (var c in KeyPrefix)
        {
            if (char.IsWhiteSpace(c) || char.IsControl(c) || c is '{' or '}' or '*' or '?' or '[' or ']' or '\\')
            {
                throw new ArgumentException(
                    $"The session key prefix '{KeyPrefix}' contains '{c}': braces would break the per-session hash tag and glob characters the key scans.",
                    nameof(KeyPrefix));
            }
        }

        if (Ttl < TimeSpan.FromMilliseconds(1))
        {
            throw new ArgumentOutOfRangeException(nameof(Ttl), Ttl, "The session TTL must be at least one millisecond.");
        }

        if (Database < -1)
        {
            throw new ArgumentOutOfRangeException(nameof(Database), Database, "The Redis database number must be -1 (default) or a database index.");
        }
    }
}
