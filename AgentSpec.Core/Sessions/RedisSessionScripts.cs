namespace AgentSpec.Core.Sessions;

/// <summary>
/// The Lua scripts of the Redis session store. Each runs atomically on the server, so a turn, a read
/// window or a migration is one indivisible step that needs no retries under contention. They run on
/// Redis (Lua 5.1) and Garnet (<c>--lua</c>, Lua 5.4). Every script checks everything that could fail
/// before its first write, so a failing script writes nothing.
/// </summary>
internal static class RedisSessionScripts
{
    /// <summary>
    /// KEYS: session hash. ARGV: agent, created_at, metadata JSON, ttl ms.
    /// Returns 1 when created, 0 when the id is taken.
    /// </summary>
    public const string Create = """
        if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
        redis.call('HSET', KEYS[1], 'agent', ARGV[1], 'created_at', ARGV[2], 'last_active', ARGV[2], 'metadata', ARGV[3], 'seq', '0')
        redis.call('PEXPIRE', KEYS[1], ARGV[4])
        return 1
        """;

    /// <summary>
    /// KEYS: session hash. Returns {agent, created_at, last_active, metadata} or an empty array when the
    /// key is missing or not a session hash.
    /// </summary>
    public const string Get = """
        local kind = redis.call('TYPE', KEYS[1])
        if type(kind) == 'table' then kind = kind.ok end
        if kind ~= 'hash' then return {} end
        return redis.call('HMGET', KEYS[1], 'agent', 'created_at', 'last_active', 'metadata')
        """;

    /// <summary>
    /// KEYS: session hash, messages list, [turn marker]. ARGV: ttl ms, last_active, max messages (0: no
    /// trim), marker value, then one JSON object per message (without seq; the script numbers them).
    /// A list written without numbering (seq below the list length) is numbered from its length on.
    /// Returns {1, length, last seq} when appended, {2, recorded marker, length} for a repeated
    /// idempotency key, {0} when the session does not exist, {-2, type} when the messages key is not a list.
    /// </summary>
    public const string AppendTurn = """
        local unpack = unpack or table.unpack
        if redis.call('EXISTS', KEYS[1]) == 0 then return {0} end
        local kind = redis.call('TYPE', KEYS[2])
        if type(kind) == 'table' then kind = kind.ok end
        if kind ~= 'list' and kind ~= 'none' then return {-2, kind} end
        if KEYS[3] then
          local marker = redis.call('GET', KEYS[3])
          if marker then return {2, marker, redis.call('LLEN', KEYS[2])} end
        end
        local n = #ARGV - 4
        local known = tonumber(redis.call('HGET', KEYS[1], 'seq') or '0')
        if known == nil then return redis.error_reply('the seq field of ' .. KEYS[1] .. ' is not a number') end
        local present = redis.call('LLEN', KEYS[2])
        if known < present then redis.call('HSET', KEYS[1], 'seq', present) end
        local last = redis.call('HINCRBY', KEYS[1], 'seq', n)
        local items = {}
        for i = 1, n do
          items[i] = '{"seq":' .. string.format('%d', last - n + i) .. ',' .. string.sub(ARGV[4 + i], 2)
        end
        local length = redis.call('RPUSH', KEYS[2], unpack(items))
        redis.call('HSET', KEYS[1], 'last_active', ARGV[2])
        redis.call('PEXPIRE', KEYS[1], ARGV[1])
        redis.call('PEXPIRE', KEYS[2], ARGV[1])
        local max = tonumber(ARGV[3])
        if max > 0 and length > max then
          redis.call('LTRIM', KEYS[2], -max, -1)
          length = max
        end
        if KEYS[3] then redis.call('SET', KEYS[3], ARGV[4], 'PX', ARGV[1]) end
        return {1, length, last}
        """;

    /// <summary>
    /// KEYS: session hash, messages list. ARGV: limit, before (exclusive seq; 0 for the newest window).
    /// The element at list index i has seq = last - (length - 1 - i): appends only add at the tail and
    /// trims only remove at the head, so the position of a seq is computed, never searched. A list
    /// written without numbering counts as numbered 1..length.
    /// Returns {1, length, last seq, start index, created_at, elements}, {0} when the session does not
    /// exist, {-2, type} when the messages key is not a list.
    /// </summary>
    public const string ReadWindow = """
        if redis.call('EXISTS', KEYS[1]) == 0 then return {0} end
        local kind = redis.call('TYPE', KEYS[2])
        if type(kind) == 'table' then kind = kind.ok end
        if kind ~= 'list' and kind ~= 'none' then return {-2, kind} end
        local last = tonumber(redis.call('HGET', KEYS[1], 'seq') or '0') or 0
        local createdAt = redis.call('HGET', KEYS[1], 'created_at') or ''
        local length = redis.call('LLEN', KEYS[2])
        if last < length then last = length end
        local limit = tonumber(ARGV[1])
        local before = tonumber(ARGV[2])
        if before == 0 then
          local start = length - limit
          if start < 0 then start = 0 end
          return {1, length, last, start, createdAt, redis.call('LRANGE', KEYS[2], -limit, -1)}
        end
        local top = length - last + before - 2
        if top > length - 1 then top = length - 1 end
        if top < 0 then return {1, length, last, 0, createdAt, {}} end
        local start = top - limit + 1
        if start < 0 then start = 0 end
        return {1, length, last, start, createdAt, redis.call('LRANGE', KEYS[2], start, top)}
        """;

    /// <summary>KEYS: messages key. Returns {type} or, for a string, {'string', value}.</summary>
    public const string ReadLegacy = """
        local kind = redis.call('TYPE', KEYS[1])
        if type(kind) == 'table' then kind = kind.ok end
        if kind ~= 'string' then return {kind} end
        return {kind, redis.call('GET', KEYS[1])}
        """;

    /// <summary>
    /// KEYS: session hash, messages key. ARGV: the legacy string exactly as read, then one JSON object per
    /// message. Replaces the string by a list only if the string is still exactly what was read.
    /// Returns {1, count} when migrated, {2} when the key is no longer a string (someone migrated it),
    /// {3} when the string changed, {0} when the session does not exist.
    /// </summary>
    public const string MigrateLegacy = """
        local unpack = unpack or table.unpack
        if redis.call('EXISTS', KEYS[1]) == 0 then return {0} end
        local kind = redis.call('TYPE', KEYS[2])
        if type(kind) == 'table' then kind = kind.ok end
        if kind ~= 'string' then return {2} end
        if redis.call('GET', KEYS[2]) ~= ARGV[1] then return {3} end
        local n = #ARGV - 1
        local last = redis.call('HINCRBY', KEYS[1], 'seq', n)
        redis.call('DEL', KEYS[2])
        local first = 1
        while first <= n do
          local items = {}
          local stop = math.min(first + 999, n)
          for i = first, stop do
            items[#items + 1] = '{"seq":' .. string.format('%d', last - n + i) .. ',' .. string.sub(ARGV[1 + i], 2)
          end
          redis.call('RPUSH', KEYS[2], unpack(items))
          first = stop + 1
        end
        if n > 0 then
          local ttl = redis.call('PTTL', KEYS[1])
          if ttl > 0 then redis.call('PEXPIRE', KEYS[2], ttl) end
        end
        return {1, n}
        """;

    /// <summary>KEYS: session hash, messages list. Returns 1 when the session existed.</summary>
    public const string Delete = """
        local existed = redis.call('EXISTS', KEYS[1])
        redis.call('DEL', KEYS[1], KEYS[2])
        return existed
        """;
}
