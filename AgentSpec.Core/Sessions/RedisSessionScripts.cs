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
    /// Helpers shared by the turn scripts.
    /// <c>last_seq</c>: the seq of the newest message, read from the list's tail element (every appended
    /// element starts with <c>{"seq":N,</c>), so the list alone says how it is numbered even when a crash cut a
    /// script between its <c>RPUSH</c> and the hash update. A list whose tail carries no seq (written
    /// without numbering) falls back to the hash's <c>seq</c>, at least the list length (nil when that field is
    /// not a number: the append refuses to number from it, reads count the list length).
    /// <c>marker_holds</c>: a turn marker (<c>{"reply":…,"seq":N}</c>) counts only if the list element with seq N
    /// is that turn's last message, which carries the idempotency key (<c>{"seq":N,"turn":"key",…</c>), written by
    /// the same <c>RPUSH</c> as the turn's messages. The append writes the marker before the messages, so after a
    /// crash a stored turn always has its marker, and a marker whose turn never reached the list is ignored
    /// (docs/sessions.md, "Failures"). A marker whose element was trimmed away since counts (its turn was stored:
    /// later seqs exist); a marker without a seq (written before markers recorded one) counts as before.
    /// </summary>
    private const string TurnHelpers = """
        local function key_kind(key)
          local kind = redis.call('TYPE', key)
          if type(kind) == 'table' then kind = kind.ok end
          return kind
        end
        local function last_seq(hash, list, length)
          if length > 0 then
            local tail = redis.call('LINDEX', list, -1)
            local seq = tail and string.match(tail, '^{"seq":(%d+)[,}]')
            if seq then return tonumber(seq) end
          end
          local known = tonumber(redis.call('HGET', hash, 'seq') or '0')
          if known == nil then return nil end
          if known < length then known = length end
          return known
        end
        local function marker_holds(marker, list, length, last, key)
          local seq = tonumber(string.match(marker, ',"seq":(%d+)}$') or '')
          if seq == nil then return true end
          if seq > last then return false end
          local index = length - 1 - (last - seq)
          if index < 0 then return true end
          local element = redis.call('LINDEX', list, index)
          if not element then return false end
          local head = '{"seq":' .. string.format('%d', seq) .. ',"turn":"' .. key .. '",'
          return string.sub(element, 1, #head) == head
        end

        """;

    /// <summary>
    /// KEYS: session hash, messages list, [turn marker]. ARGV: ttl ms, last_active, max messages (0: no
    /// trim), marker value (<c>{"reply":…}</c>), idempotency key (empty without a marker), then one JSON object
    /// per message of any role (without seq; the script numbers them, and the turn's last message also
    /// carries the idempotency key).
    /// Returns {1, length, last seq} when appended, {2, recorded marker, length} for a repeated
    /// idempotency key, {0} when the session does not exist, {-2, type} when the messages key is not a list.
    /// Write order (marker, then messages, then hash, expiry, trim): every prefix of it that a crash can leave
    /// behind on a server that replays its log up to the cut reads back as either no turn or the whole turn
    /// with its marker.
    /// </summary>
    public const string AppendTurn = TurnHelpers + """
        local unpack = unpack or table.unpack
        if redis.call('EXISTS', KEYS[1]) == 0 then return {0} end
        local kind = key_kind(KEYS[2])
        if kind ~= 'list' and kind ~= 'none' then return {-2, kind} end
        local length = redis.call('LLEN', KEYS[2])
        local last = last_seq(KEYS[1], KEYS[2], length)
        if last == nil then return redis.error_reply('the seq field of ' .. KEYS[1] .. ' is not a number') end
        local key = ARGV[5]
        if KEYS[3] then
          local marker = redis.call('GET', KEYS[3])
          if marker and marker_holds(marker, KEYS[2], length, last, key) then return {2, marker, length} end
        end
        local n = #ARGV - 5
        local items = {}
        for i = 1, n do
          local head = '{"seq":' .. string.format('%d', last + i) .. ','
          if i == n and KEYS[3] then head = head .. '"turn":"' .. key .. '",' end
          items[i] = head .. string.sub(ARGV[5 + i], 2)
        end
        last = last + n
        if KEYS[3] then
          redis.call('SET', KEYS[3], string.sub(ARGV[4], 1, -2) .. ',"seq":' .. string.format('%d', last) .. '}', 'PX', ARGV[1])
        end
        length = redis.call('RPUSH', KEYS[2], unpack(items))
        redis.call('HSET', KEYS[1], 'seq', string.format('%d', last), 'last_active', ARGV[2])
        redis.call('PEXPIRE', KEYS[1], ARGV[1])
        redis.call('PEXPIRE', KEYS[2], ARGV[1])
        local max = tonumber(ARGV[3])
        if max > 0 and length > max then
          redis.call('LTRIM', KEYS[2], -max, -1)
          length = max
        end
        return {1, length, last}
        """;

    /// <summary>
    /// The read of a chat turn, in one round trip. KEYS: session hash, messages list, [turn marker]. ARGV:
    /// agent (empty: any agent), window limit (0: no window), idempotency key (empty without a marker).
    /// Returns {0} when the session does not exist or belongs to another agent, {-2, type} when the messages
    /// key is not a list, {2, marker} when the idempotency key's turn is stored, otherwise
    /// {1, length, last seq, start index, created_at, elements} like <see cref="ReadWindow"/>.
    /// </summary>
    public const string BeginTurn = TurnHelpers + """
        if key_kind(KEYS[1]) ~= 'hash' then return {0} end
        local fields = redis.call('HMGET', KEYS[1], 'agent', 'created_at')
        if ARGV[1] ~= '' and fields[1] ~= ARGV[1] then return {0} end
        local kind = key_kind(KEYS[2])
        if kind ~= 'list' and kind ~= 'none' then return {-2, kind} end
        local length = redis.call('LLEN', KEYS[2])
        local last = last_seq(KEYS[1], KEYS[2], length) or length
        if KEYS[3] then
          local marker = redis.call('GET', KEYS[3])
          if marker and marker_holds(marker, KEYS[2], length, last, ARGV[3]) then return {2, marker} end
        end
        local createdAt = fields[2] or ''
        local limit = tonumber(ARGV[2])
        if limit == 0 or length == 0 then return {1, length, last, length, createdAt, {}} end
        local start = length - limit
        if start < 0 then start = 0 end
        return {1, length, last, start, createdAt, redis.call('LRANGE', KEYS[2], -limit, -1)}
        """;

    /// <summary>
    /// KEYS: session hash, messages list. ARGV: limit, before (exclusive seq; 0 for the newest window).
    /// The element at list index i has seq = last - (length - 1 - i): appends only add at the tail and
    /// trims only remove at the head, so the position of a seq is computed, never searched. A list
    /// written without numbering counts as numbered 1..length.
    /// Returns {1, length, last seq, start index, created_at, elements}, {0} when the session does not
    /// exist, {-2, type} when the messages key is not a list.
    /// </summary>
    public const string ReadWindow = TurnHelpers + """
        if redis.call('EXISTS', KEYS[1]) == 0 then return {0} end
        local kind = key_kind(KEYS[2])
        if kind ~= 'list' and kind ~= 'none' then return {-2, kind} end
        local createdAt = redis.call('HGET', KEYS[1], 'created_at') or ''
        local length = redis.call('LLEN', KEYS[2])
        local last = last_seq(KEYS[1], KEYS[2], length) or length
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
