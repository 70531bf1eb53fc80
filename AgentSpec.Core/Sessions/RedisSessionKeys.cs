using StackExchange.Redis;

namespace AgentSpec.Core.Sessions;

/// <summary>
/// The Redis key schema of chat sessions (docs/sessions.md, "Redis key schema") and the only place its keys are built.
/// <list type="table">
/// <item><c>{prefix}session:{&lt;id&gt;}</c> — hash: <c>agent</c>, <c>created_at</c>, <c>last_active</c>, <c>metadata</c> (JSON object), <c>seq</c> (sequence number of the newest message ever appended)</item>
/// <item><c>{prefix}session:{&lt;id&gt;}:messages</c> — list: one JSON message per element, oldest first, each with its <c>seq</c></item>
/// <item><c>{prefix}session:{&lt;id&gt;}:turn:&lt;idempotency-key&gt;</c> — string: the first reply of an idempotent turn (JSON), expiring one TTL after that turn</item>
/// </list>
/// The braces are a Redis Cluster hash tag: every key of a session lives in one slot, so one script can span them.
/// Ids and idempotency keys are validated here too, so no caller can build a key from unchecked input.
/// </summary>
internal sealed class RedisSessionKeys
{
    private const string SessionPart = "session:{";
    private const string MessagesSuffix = "}:messages";
    private const string TurnInfix = "}:turn:";

    private readonly string _prefix;

    public RedisSessionKeys(string prefix)
    {
        _prefix = prefix;
    }

    public RedisKey Session(string sessionId) => SessionBase(sessionId) + "}";

    public RedisKey Messages(string sessionId) => SessionBase(sessionId) + MessagesSuffix;

    public RedisKey Turn(string sessionId, string idempotencyKey)
    {
        if (!IdempotencyKey.IsValid(idempotencyKey))
        {
            throw new ArgumentException("The idempotency key is not valid.", nameof(idempotencyKey));
        }

        return SessionBase(sessionId) + TurnInfix + idempotencyKey;
    }

    /// <summary>SCAN pattern for every session hash (it cannot match message lists or turn markers: those end in other characters).</summary>
    public RedisValue SessionPattern => _prefix + SessionPart + "*}";

    /// <summary>SCAN pattern for the turn markers of one session.</summary>
    public RedisValue TurnPattern(string sessionId) => SessionBase(sessionId) + TurnInfix + "*";

    /// <summary>The session id of a key that <see cref="SessionPattern"/> matched, if it is a well-formed session hash key.</summary>
    public bool TryParseSession(string key, out string sessionId)
    {
        var start = _prefix.Length + SessionPart.Length;
        if (key.Length > start + 1
            && key.StartsWith(_prefix, StringComparison.Ordinal)
            && string.CompareOrdinal(key, _prefix.Length, SessionPart, 0, SessionPart.Length) == 0
            && key[^1] == '}')
        {
            var candidate = key[start..^1];
            if (SessionId.IsValid(candidate))
            {
                sessionId = candidate;
                return true;
            }
        }

        sessionId = string.Empty;
        return false;
    }

    private string SessionBase(string sessionId)
    {
        SessionStoreArguments.ValidateSessionId(sessionId);
        return _prefix + SessionPart + sessionId;
    }
}
