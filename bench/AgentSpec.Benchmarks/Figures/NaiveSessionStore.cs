using System.Text.Json;
using AgentSpec.Core.Sessions;
using StackExchange.Redis;

namespace AgentSpec.Benchmarks.Figures;

/// <summary>
/// The original Go tool's session design, kept here only as the benchmark's peer: the whole history is
/// one JSON array in one string key, so every append GETs it, parses it, adds the turn and SETs it back
/// (O(history) per append, and concurrent appends overwrite each other). Never use it for real data.
/// </summary>
internal sealed class NaiveSessionStore(IDatabase database, string keyPrefix)
{
    public Task SeedAsync(string sessionId, List<SessionMessage> history) =>
        database.StringSetAsync(Key(sessionId), JsonSerializer.SerializeToUtf8Bytes(history, NaiveJsonContext.Default.ListSessionMessage));

    public async Task AppendAsync(string sessionId, IReadOnlyList<SessionMessage> turn)
    {
        var key = Key(sessionId);
        var stored = await database.StringGetAsync(key);
        var history = stored.IsNull
            ? []
            : JsonSerializer.Deserialize((byte[])stored!, NaiveJsonContext.Default.ListSessionMessage) ?? [];
        history.AddRange(turn);
        await database.StringSetAsync(key, JsonSerializer.SerializeToUtf8Bytes(history, NaiveJsonContext.Default.ListSessionMessage));
    }

    private RedisKey Key(string sessionId) => keyPrefix + sessionId;
}
