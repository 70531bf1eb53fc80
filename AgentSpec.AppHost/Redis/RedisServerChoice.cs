namespace AgentSpec.AppHost.Redis;

/// <summary>The server chosen for the <c>redis</c> resource and a sentence saying why.</summary>
/// <param name="Kind">The server that runs.</param>
/// <param name="Reason">Why it was chosen, for the AppHost log.</param>
/// <param name="RedisServerPath">Full path of <c>redis-server</c> when <paramref name="Kind"/> is <see cref="RedisServerKind.RedisServer"/>.</param>
public sealed record RedisServerChoice(RedisServerKind Kind, string Reason, string? RedisServerPath = null);
