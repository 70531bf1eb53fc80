using System.Collections.Frozen;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using AgentSpec.Core.Telemetry;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace AgentSpec.Core.Sessions;

/// <summary>
/// Sessions in Redis (or Garnet), shared by every runtime replica. The key schema is in
/// <see cref="RedisSessionKeys"/>, the server-side steps in <see cref="RedisSessionScripts"/>: a turn
/// is two scripts: one read (<see cref="BeginTurnAsync"/>: session, owner, idempotency marker, history
/// window) and one atomic write (<see cref="AppendTurnAsync"/>: marker, numbering, RPUSH, last_active, TTL
/// refresh, trim), both O(1) in the history length. Every Redis failure surfaces as <see cref="SessionStoreUnavailableException"/>.
/// </summary>
public sealed class RedisSessionStore : ISessionStore
{
    internal const string StoreName = "redis";

    private const int MaxScriptAttempts = 5;
    private const int ScanPageSize = 1000;
    private const int ListBatchSize = 100;

    private static readonly RedisSessionJsonContext Json = RedisSessionJsonContext.Default;

    /// <summary>Operations whose failure after sending leaves their outcome unknown (a migration only changes the format).</summary>
    private static readonly HashSet<string> WritingOperations = new(["create", "append", "delete"], StringComparer.Ordinal);

    private readonly IConnectionMultiplexer _connection;
    private readonly IDatabase _database;
    private readonly RedisSessionKeys _keys;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly long _ttlMilliseconds;

    public RedisSessionStore(IConnectionMultiplexer connection, RedisSessionStoreOptions options, TimeProvider timeProvider, ILogger<RedisSessionStore> logger)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(logger);
        options.Validate();
        _connection = connection;
        _database = connection.GetDatabase(options.Database);
        _keys = new RedisSessionKeys(options.KeyPrefix);
        _timeProvider = timeProvider;
        _logger = logger;
        _ttlMilliseconds = (long)Math.Ceiling(options.Ttl.TotalMilliseconds);
    }

    public async Task<SessionInfo> CreateAsync(string agent, IReadOnlyDictionary<string, string>? metadata, CancellationToken cancellationToken)
    {
        SessionStoreArguments.ValidateAgent(agent);
        var metadataCopy = metadata is null ? new Dictionary<string, string>(StringComparer.Ordinal) : new Dictionary<string, string>(metadata, StringComparer.Ordinal);
        var metadataJson = JsonSerializer.Serialize(metadataCopy, Json.DictionaryStringString);
        var now = _timeProvider.GetUtcNow();

        // 128 random bits never collide in practice; the script refuses a taken id rather than overwrite it.
        for (var attempt = 0; attempt < MaxScriptAttempts; attempt++)
        {
            var sessionId = SessionId.New();
            var created = await GuardAsync("create", sessionId, () => _database.ScriptEvaluateAsync(
                RedisSessionScripts.Create,
                [_keys.Session(sessionId)],
                [agent, FormatTime(now), metadataJson, _ttlMilliseconds]), cancellationToken).ConfigureAwait(false);
            if ((long)created == 1)
            {
                SessionStoreLog.SessionCreated(_logger, sessionId, agent, StoreName);
                return new SessionInfo(sessionId, agent, now, now, metadataCopy.ToFrozenDictionary(StringComparer.Ordinal));
            }
        }

        throw new SessionStoreUnavailableException("The Redis session store could not allocate a new session id.");
    }

    public async Task<SessionInfo?> GetAsync(string sessionId, CancellationToken cancellationToken)
    {
        var key = _keys.Session(sessionId);
        var fields = await GuardAsync("get", sessionId, () => _database.ScriptEvaluateAsync(RedisSessionScripts.Get, [key]), cancellationToken).ConfigureAwait(false);
        return ToSessionInfo(sessionId, fields);
    }

    public async IAsyncEnumerable<SessionInfo> ListAsync(string? agent, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var batch = new List<string>(ListBatchSize);
        await foreach (var key in ScanAsync(_keys.SessionPattern, "list", null, cancellationToken).ConfigureAwait(false))
        {
            if (_keys.TryParseSession(key.ToString(), out var sessionId))
            {
                batch.Add(sessionId);
            }

            if (batch.Count == ListBatchSize)
            {
                foreach (var session in await FetchSessionsAsync(batch, agent, cancellationToken).ConfigureAwait(false))
                {
                    yield return session;
                }

                batch.Clear();
            }
        }

        foreach (var session in await FetchSessionsAsync(batch, agent, cancellationToken).ConfigureAwait(false))
        {
            yield return session;
        }
    }

    public async Task<bool> DeleteAsync(string sessionId, CancellationToken cancellationToken)
    {
        var existed = await GuardAsync("delete", sessionId, () => _database.ScriptEvaluateAsync(
            RedisSessionScripts.Delete,
            [_keys.Session(sessionId), _keys.Messages(sessionId)]), cancellationToken).ConfigureAwait(false);

        // The hash is gone, so no append can revive the session; the markers are removed after it (they
        // would expire by themselves if this part failed).
        var markers = new List<RedisKey>();
        await foreach (var marker in ScanAsync(_keys.TurnPattern(sessionId), "delete", sessionId, cancellationToken).ConfigureAwait(false))
        {
            markers.Add(marker);
            if (markers.Count == ScanPageSize)
            {
                await DeleteKeysAsync(markers, sessionId, cancellationToken).ConfigureAwait(false);
                markers.Clear();
            }
        }

        await DeleteKeysAsync(markers, sessionId, cancellationToken).ConfigureAwait(false);
        if ((long)existed == 1)
        {
            SessionStoreLog.SessionDeleted(_logger, sessionId, StoreName);
            return true;
        }

        return false;
    }

    public async Task<AppendTurnResult> AppendTurnAsync(string sessionId, IReadOnlyList<SessionMessage> messages, AppendTurnOptions options, CancellationToken cancellationToken)
    {
        SessionStoreArguments.ValidateSessionId(sessionId);
        SessionStoreArguments.ValidateTurn(messages, options);
        var started = _timeProvider.GetTimestamp();
        using var activity = SessionTelemetry.StartAppend(StoreName, sessionId, messages.Count);
        try
        {
            var result = await AppendTurnCoreAsync(sessionId, messages, options, cancellationToken).ConfigureAwait(false);
            SessionTelemetry.RecordAppend(activity, StoreName, result.Appended, _timeProvider.GetElapsedTime(started));
            if (!result.Appended)
            {
                SessionStoreLog.DuplicateTurnIgnored(_logger, sessionId);
            }

            return result;
        }
        catch (SessionNotFoundException exception)
        {
            SessionTelemetry.RecordAppendFailure(activity, StoreName, SessionTelemetry.NotFoundErrorType, exception, _timeProvider.GetElapsedTime(started));
            throw;
        }
        catch (SessionStoreUnavailableException exception)
        {
            SessionTelemetry.RecordAppendFailure(activity, StoreName, SessionTelemetry.UnavailableErrorType, exception, _timeProvider.GetElapsedTime(started));
            throw;
        }
    }

    public async Task<RecordedTurn?> FindTurnAsync(string sessionId, string idempotencyKey, CancellationToken cancellationToken)
    {
        SessionStoreArguments.ValidateSessionId(sessionId);
        SessionStoreArguments.ValidateIdempotencyKey(idempotencyKey);
        try
        {
            // The marker alone is not proof: BeginTurn checks it against the stored turn (RedisSessionScripts.TurnHelpers).
            return (await BeginTurnCoreAsync(sessionId, string.Empty, idempotencyKey, 0, cancellationToken).ConfigureAwait(false)).Recorded;
        }
        catch (SessionNotFoundException)
        {
            return null;
        }
    }

    public Task<TurnStart> BeginTurnAsync(string sessionId, string agent, string? idempotencyKey, int windowLimit, CancellationToken cancellationToken)
    {
        SessionStoreArguments.ValidateBeginTurn(sessionId, agent, idempotencyKey, windowLimit);
        return BeginTurnCoreAsync(sessionId, agent, idempotencyKey, windowLimit, cancellationToken);
    }

    public async Task<MessagePage> ReadWindowAsync(string sessionId, int limit, string? before, CancellationToken cancellationToken)
    {
        SessionStoreArguments.ValidateSessionId(sessionId);
        SessionStoreArguments.ValidateLimit(limit);
        var beforeSequence = MessageCursor.Decode(before) ?? 0;
        RedisKey[] keys = [_keys.Session(sessionId), _keys.Messages(sessionId)];
        for (var attempt = 0; attempt < MaxScriptAttempts; attempt++)
        {
            var reply = (RedisResult[])(await GuardAsync("read", sessionId, () => _database.ScriptEvaluateAsync(
                RedisSessionScripts.ReadWindow, keys, [limit, beforeSequence]), cancellationToken).ConfigureAwait(false))!;
            switch ((long)reply[0])
            {
                case 0:
                    throw new SessionNotFoundException(sessionId);
                case -2:
                    await MigrateLegacyAsync(sessionId, (string?)reply[1], cancellationToken).ConfigureAwait(false);
                    continue;
                default:
                    return ToPage(sessionId, reply);
            }
        }

        throw LegacyMigrationDidNotSettle(sessionId);
    }

    /// <summary>One script: session (and owner) check, the marker checked against the stored turn, the newest window.</summary>
    private async Task<TurnStart> BeginTurnCoreAsync(string sessionId, string agent, string? idempotencyKey, int windowLimit, CancellationToken cancellationToken)
    {
        RedisKey[] keys = idempotencyKey is null
            ? [_keys.Session(sessionId), _keys.Messages(sessionId)]
            : [_keys.Session(sessionId), _keys.Messages(sessionId), _keys.Turn(sessionId, idempotencyKey)];
        RedisValue[] arguments = [agent, windowLimit, idempotencyKey ?? string.Empty];
        for (var attempt = 0; attempt < MaxScriptAttempts; attempt++)
        {
            var reply = (RedisResult[])(await GuardAsync("begin turn", sessionId, () => _database.ScriptEvaluateAsync(
                RedisSessionScripts.BeginTurn, keys, arguments), cancellationToken).ConfigureAwait(false))!;
            switch ((long)reply[0])
            {
                case 0:
                    throw new SessionNotFoundException(sessionId);
                case -2:
                    await MigrateLegacyAsync(sessionId, (string?)reply[1], cancellationToken).ConfigureAwait(false);
                    continue;
                case 2:
                    return new TurnStart(ReadMarker(sessionId, (string?)reply[1]), []);
                default:
                    return new TurnStart(null, ToPage(sessionId, reply).Messages);
            }
        }

        throw LegacyMigrationDidNotSettle(sessionId);
    }

    private async Task<AppendTurnResult> AppendTurnCoreAsync(string sessionId, IReadOnlyList<SessionMessage> messages, AppendTurnOptions options, CancellationToken cancellationToken)
    {
        RedisKey[] keys = options.IdempotencyKey is { } idempotencyKey
            ? [_keys.Session(sessionId), _keys.Messages(sessionId), _keys.Turn(sessionId, idempotencyKey)]
            : [_keys.Session(sessionId), _keys.Messages(sessionId)];
        const int FirstMessage = 5;
        var arguments = new RedisValue[FirstMessage + messages.Count];
        arguments[0] = _ttlMilliseconds;
        arguments[1] = FormatTime(_timeProvider.GetUtcNow());
        arguments[2] = options.MaxMessages ?? 0;
        arguments[3] = options.IdempotencyKey is null ? RedisValue.EmptyString : JsonSerializer.Serialize(new RedisTurnMarker(options.Reply, options.ModelCalls), Json.RedisTurnMarker);
        arguments[4] = options.IdempotencyKey ?? string.Empty;
        for (var i = 0; i < messages.Count; i++)
        {
            var message = messages[i];
            arguments[FirstMessage + i] = JsonSerializer.Serialize(new RedisMessageBody(message.Role, message.Content, message.CreatedAt, message.ToolName, message.ToolCallId), Json.RedisMessageBody);
        }

        for (var attempt = 0; attempt < MaxScriptAttempts; attempt++)
        {
            var reply = (RedisResult[])(await GuardAsync("append", sessionId, () => _database.ScriptEvaluateAsync(
                RedisSessionScripts.AppendTurn, keys, arguments), cancellationToken).ConfigureAwait(false))!;
            switch ((long)reply[0])
            {
                case 0:
                    throw new SessionNotFoundException(sessionId);
                case -2:
                    await MigrateLegacyAsync(sessionId, (string?)reply[1], cancellationToken).ConfigureAwait(false);
                    continue;
                case 2:
                    var recorded = ReadMarker(sessionId, (string?)reply[1]);
                    return new AppendTurnResult(false, (long)reply[2], recorded.Reply, recorded.ModelCalls);
                default:
                    return new AppendTurnResult(true, (long)reply[1], options.Reply, options.ModelCalls);
            }
        }

        throw LegacyMigrationDidNotSettle(sessionId);
    }

    /// <summary>
    /// Converts a messages key that still holds the legacy string (a JSON array) into the list format.
    /// The script replaces the string only if it is still exactly what was parsed, so concurrent first
    /// readers and writers migrate it once: the others find a list and carry on.
    /// </summary>
    private async Task MigrateLegacyAsync(string sessionId, string? foundType, CancellationToken cancellationToken)
    {
        if (foundType != "string")
        {
            throw new SessionStoreUnavailableException(
                $"The messages of session '{sessionId}' are stored as a Redis {foundType}, which is neither the list format nor the legacy string format.");
        }

        var messagesKey = _keys.Messages(sessionId);
        var legacy = (RedisResult[])(await GuardAsync("migrate", sessionId, () => _database.ScriptEvaluateAsync(
            RedisSessionScripts.ReadLegacy, [messagesKey]), cancellationToken).ConfigureAwait(false))!;
        if (legacy.Length < 2)
        {
            SessionStoreLog.LegacyMigrationRaced(_logger, sessionId);
            return;
        }

        var original = (RedisValue)legacy[1];
        var elements = LegacyElements(sessionId, (string)original!);
        var arguments = new RedisValue[1 + elements.Count];
        arguments[0] = original;
        for (var i = 0; i < elements.Count; i++)
        {
            arguments[1 + i] = elements[i];
        }

        var migrated = (RedisResult[])(await GuardAsync("migrate", sessionId, () => _database.ScriptEvaluateAsync(
            RedisSessionScripts.MigrateLegacy, [_keys.Session(sessionId), messagesKey], arguments), cancellationToken).ConfigureAwait(false))!;
        switch ((long)migrated[0])
        {
            case 0:
                throw new SessionNotFoundException(sessionId);
            case 1:
                SessionStoreLog.LegacyMessagesMigrated(_logger, sessionId, (int)(long)migrated[1]);
                break;
            default:
                SessionStoreLog.LegacyMigrationRaced(_logger, sessionId);
                break;
        }
    }

    /// <summary>
    /// The list elements for a legacy value: each message object verbatim (the script adds its seq), so
    /// no field of the old format is lost; anything that is not a message object is wrapped whole.
    /// </summary>
    private List<string> LegacyElements(string sessionId, string legacy)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(legacy);
        }
        catch (JsonException exception)
        {
            SessionStoreLog.LegacyMessagesUnparseable(_logger, sessionId, exception.Message);
            return [WrapRaw(legacy)];
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Null)
            {
                return [];
            }

            if (root.ValueKind != JsonValueKind.Array)
            {
                SessionStoreLog.LegacyMessagesUnparseable(_logger, sessionId, $"the value is a JSON {root.ValueKind}");
                return [WrapRaw(legacy)];
            }

            var elements = new List<string>(root.GetArrayLength());
            foreach (var element in root.EnumerateArray())
            {
                var isMessageObject = element.ValueKind == JsonValueKind.Object && element.EnumerateObject().Any();
                elements.Add(isMessageObject ? element.GetRawText().Trim() : WrapRaw(element.GetRawText()));
            }

            return elements;
        }
    }

    private static string WrapRaw(string raw) => JsonSerializer.Serialize(new RedisLegacyRawElement(raw), Json.RedisLegacyRawElement);

    private MessagePage ToPage(string sessionId, RedisResult[] reply)
    {
        var length = (long)reply[1];
        var lastSequence = (long)reply[2];
        var start = (long)reply[3];
        var sessionCreatedAt = ParseTime((string?)reply[4]);
        var elements = (RedisValue[])reply[5]!;
        var firstSequence = lastSequence - (length - 1 - start);
        var messages = new List<SessionMessage>(elements.Length);
        for (var i = 0; i < elements.Length; i++)
        {
            if (TryParseMessage(sessionId, firstSequence + i, elements[i], sessionCreatedAt) is { } message)
            {
                messages.Add(message);
            }
        }

        var nextCursor = start > 0 && elements.Length > 0 ? MessageCursor.Encode(firstSequence) : null;
        return new MessagePage(messages, nextCursor);
    }

    private SessionMessage? TryParseMessage(string sessionId, long sequence, RedisValue element, DateTimeOffset? sessionCreatedAt)
    {
        RedisStoredMessage? stored;
        try
        {
            stored = JsonSerializer.Deserialize((byte[])element!, Json.RedisStoredMessage);
        }
        catch (JsonException exception)
        {
            SessionStoreLog.CorruptMessageSkipped(_logger, sessionId, sequence, exception.Message);
            return null;
        }

        if (stored is null || string.IsNullOrWhiteSpace(stored.Role))
        {
            SessionStoreLog.CorruptMessageSkipped(_logger, sessionId, sequence, "it has no role");
            return null;
        }

        // Legacy messages had no timestamp (and omitted empty content); they date from the session's start.
        var createdAt = stored.CreatedAt ?? sessionCreatedAt ?? DateTimeOffset.UnixEpoch;
        return new SessionMessage(stored.Role, stored.Content ?? string.Empty, createdAt) { ToolName = stored.ToolName, ToolCallId = stored.ToolCallId };
    }

    /// <summary>The turn a marker records; an unreadable marker still means the turn is stored, with no reply to hand back.</summary>
    private RecordedTurn ReadMarker(string sessionId, string? marker)
    {
        try
        {
            var parsed = marker is null ? null : JsonSerializer.Deserialize(marker, Json.RedisTurnMarker);
            return new RecordedTurn(parsed?.Reply, parsed?.ModelCalls);
        }
        catch (JsonException exception)
        {
            SessionStoreLog.CorruptSessionField(_logger, sessionId, "turn marker", exception.Message);
            return new RecordedTurn(null);
        }
    }

    private async Task<List<SessionInfo>> FetchSessionsAsync(List<string> sessionIds, string? agent, CancellationToken cancellationToken)
    {
        if (sessionIds.Count == 0)
        {
            return [];
        }

        // One pipelined round trip for the whole batch.
        var fetches = sessionIds.Select(id => _database.ScriptEvaluateAsync(RedisSessionScripts.Get, [_keys.Session(id)])).ToArray();
        var results = await GuardAsync("list", null, () => Task.WhenAll(fetches), cancellationToken).ConfigureAwait(false);
        var sessions = new List<SessionInfo>(sessionIds.Count);
        for (var i = 0; i < sessionIds.Count; i++)
        {
            if (ToSessionInfo(sessionIds[i], results[i]) is { } session
                && (agent is null || string.Equals(session.Agent, agent, StringComparison.Ordinal)))
            {
                sessions.Add(session);
            }
        }

        return sessions;
    }

    private SessionInfo? ToSessionInfo(string sessionId, RedisResult result)
    {
        var fields = (RedisValue[])result!;
        if (fields.Length < 4 || fields[0].IsNull)
        {
            return null;
        }

        var createdAt = ParseTime((string?)fields[1]) ?? DateTimeOffset.UnixEpoch;
        var lastActive = ParseTime((string?)fields[2]) ?? createdAt;
        IReadOnlyDictionary<string, string> metadata = FrozenDictionary<string, string>.Empty;
        if (!fields[3].IsNullOrEmpty)
        {
            try
            {
                metadata = (JsonSerializer.Deserialize((string)fields[3]!, Json.DictionaryStringString) ?? [])
                    .ToFrozenDictionary(StringComparer.Ordinal);
            }
            catch (JsonException exception)
            {
                SessionStoreLog.CorruptSessionField(_logger, sessionId, "metadata", exception.Message);
            }
        }

        return new SessionInfo(sessionId, (string)fields[0]!, createdAt, lastActive, metadata);
    }

    /// <summary>SCAN (never KEYS) over every primary the connection knows, so it also covers a cluster.</summary>
    private async IAsyncEnumerable<RedisKey> ScanAsync(RedisValue pattern, string operation, string? sessionId, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        IServer[] servers;
        try
        {
            servers = [.. _connection.GetServers().Where(server => !server.IsReplica)];
        }
        catch (Exception exception) when (exception is RedisException or TimeoutException)
        {
            throw Unavailable(exception, operation, sessionId);
        }

        foreach (var server in servers)
        {
            var keys = server.KeysAsync(_database.Database, pattern, ScanPageSize).GetAsyncEnumerator(cancellationToken);
            try
            {
                while (true)
                {
                    bool more;
                    try
                    {
                        more = await keys.MoveNextAsync().ConfigureAwait(false);
                    }
                    catch (Exception exception) when (exception is RedisException or TimeoutException)
                    {
                        throw Unavailable(exception, operation, sessionId);
                    }

                    if (!more)
                    {
                        break;
                    }

                    yield return keys.Current;
                }
            }
            finally
            {
                await keys.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private Task DeleteKeysAsync(List<RedisKey> keys, string sessionId, CancellationToken cancellationToken) =>
        keys.Count == 0
            ? Task.CompletedTask
            : GuardAsync("delete", sessionId, () => _database.KeyDeleteAsync([.. keys]), cancellationToken);

    private async Task<T> GuardAsync<T>(string operation, string? sessionId, Func<Task<T>> action, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        try
        {
            // The command itself cannot be recalled once sent; the token only stops the wait.
            return await action().WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is RedisException or TimeoutException)
        {
            throw Unavailable(exception, operation, sessionId);
        }
    }

    private SessionStoreUnavailableException Unavailable(Exception exception, string operation, string? sessionId)
    {
        SessionStoreLog.StoreUnavailable(_logger, exception, StoreName, operation, sessionId);
        var subject = sessionId is null ? "of sessions" : $"of session '{sessionId}'";
        if (WritingOperations.Contains(operation) && MayHaveBeenSent(exception))
        {
            return new SessionStoreUnavailableException(
                $"The Redis session store stopped answering after the {operation} {subject} was sent, so it may or may not have been applied ({exception.Message}).",
                exception) { OutcomeUnknown = true };
        }

        return new SessionStoreUnavailableException($"The Redis session store is unavailable: {operation} {subject} failed ({exception.Message}).", exception);
    }

    /// <summary>
    /// Only a command the client still held (not yet written to the socket) is known not to have run;
    /// a sent one may have run before the connection dropped or the wait timed out.
    /// </summary>
    private static bool MayHaveBeenSent(Exception exception) => exception switch
    {
        RedisConnectionException { CommandStatus: CommandStatus.WaitingToBeSent or CommandStatus.WaitingInBacklog } => false,
        RedisTimeoutException { Commandstatus: CommandStatus.WaitingToBeSent or CommandStatus.WaitingInBacklog } => false,
        _ => true,
    };

    private static SessionStoreUnavailableException LegacyMigrationDidNotSettle(string sessionId) =>
        new($"The legacy messages of session '{sessionId}' kept changing during migration; try again.");

    private static string FormatTime(DateTimeOffset time) => time.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture);

    private static DateTimeOffset? ParseTime(string? text) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var time) ? time : null;
}
