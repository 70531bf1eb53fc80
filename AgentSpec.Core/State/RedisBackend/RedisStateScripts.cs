namespace AgentSpec.Core.State.RedisBackend;

/// <summary>
/// The Lua scripts of the Redis state backend (docs/state.md, "Redis backend"). Each runs atomically on the
/// server (Redis, Lua 5.1; Garnet with <c>--lua</c> in transaction mode, Lua 5.4) and checks everything before
/// its first write, so a refused script writes nothing. Run through <c>ScriptEvaluate</c>, which reloads a
/// script the server forgot (NOSCRIPT).
/// </summary>
internal static class RedisStateScripts
{
    /// <summary>
    /// KEYS: lock, holder, broken. ARGV: lock id, holder JSON, lease ms, now.
    /// Returns {1, left-over holder JSON or ''} when taken (a left-over holder lost its lease without
    /// releasing: it is recorded as broken), or {0, holder JSON or '', PTTL} when the lock is busy.
    /// </summary>
    public const string Acquire = """
        if redis.call('EXISTS', KEYS[1]) == 1 then
          return {0, redis.call('GET', KEYS[2]) or '', redis.call('PTTL', KEYS[1])}
        end
        local left = redis.call('GET', KEYS[2])
        redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[3])
        redis.call('SET', KEYS[2], ARGV[2])
        if left then
          redis.call('HSET', KEYS[3], 'holder', left, 'how', 'expired', 'at', ARGV[4])
          return {1, left}
        end
        return {1, ''}
        """;

    /// <summary>
    /// KEYS: lock, holder. ARGV: lock id, holder JSON, lease ms. Returns 1 when renewed, 0 when the lock is no
    /// longer ours. A lease that ran out while nobody took the lock (the holder record still names this lock id:
    /// taking or breaking the lock replaces or deletes it) is taken back, as the file backend keeps a lock no
    /// waiter broke.
    /// </summary>
    public const string Renew = """
        local current = redis.call('GET', KEYS[1])
        if current ~= ARGV[1] then
          if current then return 0 end
          local holder = redis.call('GET', KEYS[2])
          if not holder or not string.find(holder, ARGV[1], 1, true) then return 0 end
          redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[3])
        end
        redis.call('PEXPIRE', KEYS[1], ARGV[3])
        redis.call('SET', KEYS[2], ARGV[2])
        return 1
        """;

    /// <summary>
    /// KEYS: lock, holder. ARGV: lock id, release channel. Compare-and-delete, then the message that wakes the
    /// waiters in the same round trip: returns 1 when released, 0 when it was not ours any more.
    /// </summary>
    public const string Release = """
        if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
        redis.call('DEL', KEYS[1], KEYS[2])
        redis.call('PUBLISH', ARGV[2], 'released')
        return 1
        """;

    /// <summary>
    /// KEYS: lock, holder, broken. ARGV: lock id, now. Breaks the lock held under that id (<c>state unlock --force</c>).
    /// Returns {1, holder JSON or ''} when broken, {0, current lock id or '', holder JSON or ''} otherwise.
    /// </summary>
    public const string ForceUnlock = """
        local current = redis.call('GET', KEYS[1])
        if current ~= ARGV[1] then
          return {0, current or '', redis.call('GET', KEYS[2]) or ''}
        end
        local holder = redis.call('GET', KEYS[2]) or ''
        redis.call('DEL', KEYS[1], KEYS[2])
        redis.call('HSET', KEYS[3], 'holder', holder, 'how', 'forced', 'at', ARGV[2])
        return {1, holder}
        """;

    /// <summary>
    /// The commit, fenced on the server. KEYS: document, generations, lock, quarantine, holder.
    /// ARGV: 1 lock id, 2 expected serial field ('' when absent), 3 expected lineage field, 4 content,
    /// 5 serial, 6 lineage, 7 checksum, 8 generations kept, 9 written (ms), 10 keep the current document as a
    /// generation (1/0), 11 quarantine the current document first (1/0), 12 lease ms.
    /// Writes only if the caller's lock id still holds the lock (or its lease ran out while nobody took the lock:
    /// the holder record still names it, and the lock is taken back) and the stored serial and lineage are the
    /// ones it loaded. Returns {1} when written, {-1, serial} when the lock is not the caller's,
    /// {-2, serial} when the document changed. The new document is written by ONE <c>HSET</c>, the last write:
    /// a server whose append-only file keeps only a prefix of a script's writes (Garnet after a crash) then
    /// holds the previous document or the new one, never a mix (at worst the previous one also heads the generations).
    /// </summary>
    public const string Commit = """
        local unpack = unpack or table.unpack
        local function field(value) if value then return value else return '' end end
        local kind = redis.call('TYPE', KEYS[1])
        if type(kind) == 'table' then kind = kind.ok end
        local serial, lineage, content = '', '', false
        if kind == 'hash' then
          local current = redis.call('HMGET', KEYS[1], 'serial', 'lineage', 'content')
          serial, lineage, content = field(current[1]), field(current[2]), current[3]
        elseif kind ~= 'none' then
          serial = '?' .. kind
        end
        local owner = redis.call('GET', KEYS[3])
        if owner ~= ARGV[1] then
          if owner then return {-1, serial} end
          local holder = redis.call('GET', KEYS[5])
          if not holder or not string.find(holder, ARGV[1], 1, true) then return {-1, serial} end
        end
        if serial ~= ARGV[2] or lineage ~= ARGV[3] then return {-2, serial} end
        if not owner then redis.call('SET', KEYS[3], ARGV[1], 'PX', ARGV[12]) end
        if ARGV[11] == '1' and kind == 'hash' then
          redis.call('HSET', KEYS[4], unpack(redis.call('HGETALL', KEYS[1])))
        elseif ARGV[11] == '1' and kind ~= 'none' then
          redis.call('RENAME', KEYS[1], KEYS[4])
        elseif ARGV[10] == '1' and content then
          redis.call('LPUSH', KEYS[2], content)
          redis.call('LTRIM', KEYS[2], 0, tonumber(ARGV[8]) - 1)
        end
        redis.call('HSET', KEYS[1], 'content', ARGV[4], 'serial', ARGV[5], 'lineage', ARGV[6], 'checksum', ARGV[7], 'written', ARGV[9])
        return {1}
        """;

    /// <summary>
    /// Sets aside a damaged newest generation beside a valid document. KEYS: document, generations, lock,
    /// quarantine, holder. ARGV: lock id, expected serial field, expected lineage field, the damaged bytes.
    /// Only while the caller holds the lock (or its lease ran out and nobody took it), the document is the one it
    /// loaded and the list still starts with those exact bytes: the bytes are copied to the quarantine key, then
    /// popped (copy first: a server that keeps only a prefix of the script after a crash holds them twice, never
    /// nowhere). Returns 1 when set aside, 0 when something changed (nothing written).
    /// </summary>
    public const string QuarantineNewestGeneration = """
        local owner = redis.call('GET', KEYS[3])
        if owner ~= ARGV[1] then
          if owner then return 0 end
          local holder = redis.call('GET', KEYS[5])
          if not holder or not string.find(holder, ARGV[1], 1, true) then return 0 end
        end
        local current = redis.call('HMGET', KEYS[1], 'serial', 'lineage')
        if (current[1] or '') ~= ARGV[2] or (current[2] or '') ~= ARGV[3] then return 0 end
        if redis.call('LINDEX', KEYS[2], 0) ~= ARGV[4] then return 0 end
        redis.call('SET', KEYS[4], ARGV[4])
        redis.call('LPOP', KEYS[2])
        return 1
        """;

    /// <summary>
    /// KEYS: document, generations. Returns {type, serial, lineage, content, written, generation count}; the
    /// fields are '' when absent or when the key is not a hash (its type says what it is).
    /// </summary>
    public const string Read = """
        local kind = redis.call('TYPE', KEYS[1])
        if type(kind) == 'table' then kind = kind.ok end
        local generations = 0
        local listKind = redis.call('TYPE', KEYS[2])
        if type(listKind) == 'table' then listKind = listKind.ok end
        if listKind == 'list' then generations = redis.call('LLEN', KEYS[2]) end
        if kind ~= 'hash' then return {kind, '', '', '', '', generations} end
        local f = redis.call('HMGET', KEYS[1], 'serial', 'lineage', 'content', 'written')
        return {kind, f[1] or '', f[2] or '', f[3] or '', f[4] or '', generations}
        """;
}
