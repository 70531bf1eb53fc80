using Microsoft.Extensions.Logging;

namespace AgentSpec.Core.Sessions;

/// <summary>Log events of the session stores. Event ids 4000–4099 belong to sessions and never change meaning.</summary>
internal static partial class SessionStoreLog
{
    [LoggerMessage(EventId = 4001, EventName = "SessionCreated", Level = LogLevel.Debug,
        Message = "Created session {SessionId} for agent {Agent} in the {Store} store")]
    public static partial void SessionCreated(ILogger logger, string sessionId, string agent, string store);

    [LoggerMessage(EventId = 4002, EventName = "SessionDeleted", Level = LogLevel.Debug,
        Message = "Deleted session {SessionId} from the {Store} store")]
    public static partial void SessionDeleted(ILogger logger, string sessionId, string store);

    [LoggerMessage(EventId = 4003, EventName = "DuplicateTurnIgnored", Level = LogLevel.Information,
        Message = "Session {SessionId}: a turn with this idempotency key was already appended; returning the recorded reply")]
    public static partial void DuplicateTurnIgnored(ILogger logger, string sessionId);

    [LoggerMessage(EventId = 4004, EventName = "ExpiredSessionsSwept", Level = LogLevel.Debug,
        Message = "Removed {Count} expired sessions from the memory store")]
    public static partial void ExpiredSessionsSwept(ILogger logger, int count);

    [LoggerMessage(EventId = 4010, EventName = "CorruptMessageSkipped", Level = LogLevel.Warning,
        Message = "Session {SessionId}: skipped message {Sequence} because it is not a valid message ({Reason})")]
    public static partial void CorruptMessageSkipped(ILogger logger, string sessionId, long sequence, string reason);

    [LoggerMessage(EventId = 4011, EventName = "LegacyMessagesMigrated", Level = LogLevel.Information,
        Message = "Session {SessionId}: migrated {MessageCount} messages from the legacy string format to a list")]
    public static partial void LegacyMessagesMigrated(ILogger logger, string sessionId, int messageCount);

    [LoggerMessage(EventId = 4012, EventName = "LegacyMigrationRaced", Level = LogLevel.Debug,
        Message = "Session {SessionId}: another writer changed the legacy messages first; re-reading")]
    public static partial void LegacyMigrationRaced(ILogger logger, string sessionId);

    [LoggerMessage(EventId = 4013, EventName = "LegacyMessagesUnparseable", Level = LogLevel.Warning,
        Message = "Session {SessionId}: the legacy messages value is not a JSON array ({Reason}); it is kept as one unreadable element")]
    public static partial void LegacyMessagesUnparseable(ILogger logger, string sessionId, string reason);

    [LoggerMessage(EventId = 4014, EventName = "CorruptSessionField", Level = LogLevel.Warning,
        Message = "Session {SessionId}: its {Field} is not valid ({Reason}); it is ignored")]
    public static partial void CorruptSessionField(ILogger logger, string sessionId, string field, string reason);

    [LoggerMessage(EventId = 4020, EventName = "SessionStoreUnavailable", Level = LogLevel.Error,
        Message = "The {Store} session store failed during {Operation} of session {SessionId}")]
    public static partial void StoreUnavailable(ILogger logger, Exception exception, string store, string operation, string? sessionId);
}
