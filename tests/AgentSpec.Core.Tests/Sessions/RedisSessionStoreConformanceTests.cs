using AgentSpec.Core.Sessions;
using StackExchange.Redis;

namespace AgentSpec.Core.Tests.Sessions;

public sealed class RedisSessionStoreConformanceTests : SessionStoreConformance, IClassFixture<RedisServerFixture>
{
    private readonly RedisServerFixture _redis;
    private readonly string _prefix = RedisServerFixture.NewPrefix();

    public RedisSessionStoreConformanceTests(RedisServerFixture redis)
    {
        _redis = redis;
    }

    protected override Task<ISessionStore> CreateStoreAsync() =>
        Task.FromResult<ISessionStore>(_redis.NewStore(_prefix, Clock, ttl: Ttl));

    /// <summary>
    /// Redis counts TTLs in real time, so time passes by shortening every key's TTL by the same amount
    /// (a key whose TTL runs out is deleted, as Redis would expire it).
    /// </summary>
    protected override async Task LetTimePassAsync(TimeSpan elapsed)
    {
        Clock.Advance(elapsed);
        var db = _redis.Connection.GetDatabase();
        foreach (var key in await _redis.KeysAsync(_prefix))
        {
            var ttl = await db.KeyTimeToLiveAsync(key);
            Assert.True(ttl.HasValue, $"{key} has no TTL");
            var left = ttl.Value - elapsed;
            if (left <= TimeSpan.Zero)
            {
                await db.KeyDeleteAsync(key);
            }
            else
            {
                await db.KeyExpireAsync(key, left);
            }
        }
    }

    protected override async Task<IReadOnlyList<TimeSpan>> RemainingTtlsAsync(string sessionId)
    {
        var db = _redis.Connection.GetDatabase();
        var ttls = new List<TimeSpan>();
        foreach (var key in await _redis.KeysAsync(_prefix + "session:{" + sessionId + "}"))
        {
            // A key without a TTL would live forever: report it as such so that every TTL check fails.
            ttls.Add(await db.KeyTimeToLiveAsync(key) ?? TimeSpan.MaxValue);
        }

        return ttls;
    }
}
