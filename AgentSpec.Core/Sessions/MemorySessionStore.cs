using System.Collections.Concurrent;
using System.Collections.Frozen;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using AgentSpec.Core.Telemetry;
using Microsoft.Extensions.Logging;

namespace AgentSpec.Core.Sessions;

/// <summary>
/// Sessions in process memory, for a single developer or a single replica. Same semantics as the Redis
/// store (sliding TTL refreshed by appends, idempotency markers, trimming, sequence-number cursors);
/// each session has its own lock, so a turn is atomic and turns of different sessions do not contend.
/// A background sweep (driven by the <see cref="TimeProvider"/>) frees expired sessions; dispose the
/// store to stop it.
/// </summary>
public sealed class MemorySessionStore : ISessionStore, IDisposable
{
    internal const string StoreName = "memory";

    private readonly ConcurrentDictionary<string, MemorySession> _sessions = new(StringComparer.Ordinal);
    private readonly MemorySessionStoreOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly ITimer _sweepTimer;

    public MemorySessionStore(MemorySessionStoreOptions options, TimeProvider timeProvider, ILogger<MemorySessionStore> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(logger);
        options.Validate();
        _options = options;
        _timeProvider = timeProvider;
        _logger = logger;
        _sweepTimer = timeProvider.CreateTimer(static state => ((MemorySessionStore)state!).SweepExpired(), this, options.SweepInterval, options.SweepInterval);
    }

    /// <summary>Sessions held in memory, expired ones not yet swept included (for tests of the sweep).</summary>
    internal int HeldSessionCount => _sessions.Count;

    /// <summary>Time left before the session expires, or null when it is gone (for the conformance tests' TTL checks).</summary>
    internal TimeSpan? RemainingTtl(string sessionId)
    {
        if (!_sessions.TryGetValue(sessionId, out var session))
        {
            return null;
        }

        lock (session.Gate)
        {
            var now = _timeProvider.GetUtcNow();
            return IsLive(session, now) ? session.ExpiresAt - now : null;
        }
    }

    public Task<SessionInfo> CreateAsync(string agent, IReadOnlyDictionary<string, string>? metadata, CancellationToken cancellationToken)
    {
        SessionStoreArguments.ValidateAgent(agent);
        cancellationToken.ThrowIfCancellationRequested();
        var now = _timeProvider.GetUtcNow();
        var frozenMetadata = metadata is null
            ? FrozenDictionary<string, string>.Empty
            : metadata.ToFrozenDictionary(StringComparer.Ordinal);
        while (true)
        {
            var session = new MemorySession(SessionId.New(), agent, now, frozenMetadata, now + _options.Ttl);
            if (_sessions.TryAdd(session.Id, session))
            {
                SessionStoreLog.SessionCreated(_logger, session.Id, agent, StoreName);
                return Task.FromResult(session.ToInfo());
            }
        }
    }

    public Task<SessionInfo?> GetAsync(string sessionId, CancellationToken cancellationToken)
    {
        SessionStoreArguments.ValidateSessionId(sessionId);
        cancellationToken.ThrowIfCancellationRequested();
        var now = _timeProvider.GetUtcNow();
        if (!_sessions.TryGetValue(sessionId, out var session))
        {
            return Task.FromResult<SessionInfo?>(null);
        }

        lock (session.Gate)
        {
            return Task.FromResult(IsLive(session, now) ? session.ToInfo() : null);
        }
    }

    public async IAsyncEnumerable<SessionInfo> ListAsync(string? agent, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Task.CompletedTask.ConfigureAwait(false);
        var now = _timeProvider.GetUtcNow();
        foreach (var session in _sessions.Values)
        {
            cancellationToken.ThrowIfCancellationRequested();
            SessionInfo? info;
            lock (session.Gate)
            {
                info = IsLive(session, now) && (agent is null || string.Equals(session.Agent, agent, StringComparison.Ordinal))
                    ? session.ToInfo()
                    : null;
            }

            if (info is not null)
            {
                yield return info;
            }
        }
    }

    public Task<bool> DeleteAsync(string sessionId, CancellationToken cancellationToken)
    {
        SessionStoreArguments.ValidateSessionId(sessionId);
        cancellationToken.ThrowIfCancellationRequested();
        var now = _timeProvider.GetUtcNow();
        if (!_sessions.TryGetValue(sessionId, out var session))
        {
            return Task.FromResult(false);
        }

        lock (session.Gate)
        {
            if (!IsLive(session, now))
            {
                return Task.FromResult(false);
            }

            Remove(session);
        }

        SessionStoreLog.SessionDeleted(_logger, sessionId, StoreName);
        return Task.FromResult(true);
    }

    public Task<AppendTurnResult> AppendTurnAsync(string sessionId, IReadOnlyList<SessionMessage> messages, AppendTurnOptions options, CancellationToken cancellationToken)
    {
        SessionStoreArguments.ValidateSessionId(sessionId);
        SessionStoreArguments.ValidateTurn(messages, options);
        cancellationToken.ThrowIfCancellationRequested();
        var started = _timeProvider.GetTimestamp();
        using var activity = SessionTelemetry.StartAppend(StoreName, sessionId, messages.Count);
        try
        {
            var result = AppendTurn(sessionId, messages, options);
            SessionTelemetry.RecordAppend(activity, StoreName, result.Appended, _timeProvider.GetElapsedTime(started));
            if (!result.Appended)
            {
                SessionStoreLog.DuplicateTurnIgnored(_logger, sessionId);
            }

            return Task.FromResult(result);
        }
        catch (SessionNotFoundException exception)
        {
            SessionTelemetry.RecordAppendFailure(activity, StoreName, SessionTelemetry.NotFoundErrorType, exception, _timeProvider.GetElapsedTime(started));
            throw;
        }
    }

    public Task<RecordedTurn?> FindTurnAsync(string sessionId, string idempotencyKey, CancellationToken cancellationToken)
    {
        SessionStoreArguments.ValidateSessionId(sessionId);
        SessionStoreArguments.ValidateIdempotencyKey(idempotencyKey);
        cancellationToken.ThrowIfCancellationRequested();
        if (!_sessions.TryGetValue(sessionId, out var session))
        {
            return Task.FromResult<RecordedTurn?>(null);
        }

        lock (session.Gate)
        {
            var now = _timeProvider.GetUtcNow();
            return Task.FromResult(IsLive(session, now) && session.TryGetTurnMarker(idempotencyKey, now, out var turn)
                ? turn
                : null);
        }
    }

    public Task<TurnStart> BeginTurnAsync(string sessionId, string agent, string? idempotencyKey, int windowLimit, CancellationToken cancellationToken)
    {
        SessionStoreArguments.ValidateBeginTurn(sessionId, agent, idempotencyKey, windowLimit);
        cancellationToken.ThrowIfCancellationRequested();
        var now = _timeProvider.GetUtcNow();
        var session = Find(sessionId);
        lock (session.Gate)
        {
            if (!IsLive(session, now) || !string.Equals(session.Agent, agent, StringComparison.Ordinal))
            {
                throw new SessionNotFoundException(sessionId);
            }

            if (idempotencyKey is not null && session.TryGetTurnMarker(idempotencyKey, now, out var recorded))
            {
                return Task.FromResult(new TurnStart(recorded, []));
            }

            if (windowLimit == 0 || session.Count == 0)
            {
                return Task.FromResult(new TurnStart(null, []));
            }

            var oldest = Math.Max(session.FirstSequence, session.LastSequence - windowLimit + 1);
            return Task.FromResult(new TurnStart(null, session.Range(oldest, session.LastSequence)));
        }
    }

    public Task<MessagePage> ReadWindowAsync(string sessionId, int limit, string? before, CancellationToken cancellationToken)
    {
        SessionStoreArguments.ValidateSessionId(sessionId);
        SessionStoreArguments.ValidateLimit(limit);
        var beforeSequence = MessageCursor.Decode(before);
        cancellationToken.ThrowIfCancellationRequested();
        var now = _timeProvider.GetUtcNow();
        var session = Find(sessionId);
        lock (session.Gate)
        {
            if (!IsLive(session, now))
            {
                throw new SessionNotFoundException(sessionId);
            }

            var newest = Math.Min(session.LastSequence, (beforeSequence ?? long.MaxValue) - 1);
            if (session.Count == 0 || newest < session.FirstSequence)
            {
                return Task.FromResult(new MessagePage([], null));
            }

            var oldest = Math.Max(session.FirstSequence, newest - limit + 1);
            var nextCursor = oldest > session.FirstSequence ? MessageCursor.Encode(oldest) : null;
            return Task.FromResult(new MessagePage(session.Range(oldest, newest), nextCursor));
        }
    }

    public void Dispose() => _sweepTimer.Dispose();

    private AppendTurnResult AppendTurn(string sessionId, IReadOnlyList<SessionMessage> messages, AppendTurnOptions options)
    {
        var session = Find(sessionId);
        lock (session.Gate)
        {
            var now = _timeProvider.GetUtcNow();
            if (!IsLive(session, now))
            {
                throw new SessionNotFoundException(sessionId);
            }

            if (options.IdempotencyKey is { } key && session.TryGetTurnMarker(key, now, out var recorded))
            {
                return new AppendTurnResult(false, session.Count, recorded.Reply, recorded.ModelCalls);
            }

            session.AppendTurn(messages, options, now, _options.Ttl);
            return new AppendTurnResult(true, session.Count, options.Reply, options.ModelCalls);
        }
    }

    private MemorySession Find(string sessionId) =>
        _sessions.TryGetValue(sessionId, out var session) ? session : throw new SessionNotFoundException(sessionId);

    /// <summary>Call under the session's lock. An expired session is removed on the spot, as Redis does on access.</summary>
    private bool IsLive(MemorySession session, DateTimeOffset now)
    {
        if (session.Removed)
        {
            return false;
        }

        if (session.IsExpired(now))
        {
            Remove(session);
            return false;
        }

        return true;
    }

    private void Remove(MemorySession session)
    {
        session.Removed = true;
        _sessions.TryRemove(new KeyValuePair<string, MemorySession>(session.Id, session));
    }

    private void SweepExpired()
    {
        var now = _timeProvider.GetUtcNow();
        var removed = 0;
        foreach (var session in _sessions.Values)
        {
            lock (session.Gate)
            {
                if (session.Removed)
                {
                    continue;
                }

                if (session.IsExpired(now))
                {
                    Remove(session);
                    removed++;
                }
                else
                {
                    session.PruneTurnMarkers(now);
                }
            }
        }

        if (removed > 0)
        {
            SessionStoreLog.ExpiredSessionsSwept(_logger, removed);
        }
    }
}
