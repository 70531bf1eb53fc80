namespace AgentSpec.Core.Sessions;

public sealed class MemorySessionStoreOptions
{
    /// <summary>A session expires this long after its last append (sliding), as in the Redis store.</summary>
    public TimeSpan Ttl { get; set; } = TimeSpan.FromHours(24);

    /// <summary>How often expired sessions are removed from memory.</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromMinutes(1);

    internal void Validate()
    {
        if (Ttl <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(Ttl), Ttl, "The session TTL must be positive.");
        }

        if (SweepInterval <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(SweepInterval), SweepInterval, "The sweep interval must be positive.");
        }
    }
}
