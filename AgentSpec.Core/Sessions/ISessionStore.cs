namespace AgentSpec.Core.Sessions;

/// <summary>
/// Chat sessions and their history. Every implementation passes the same conformance suite
/// (tests/AgentSpec.Core.Tests/Sessions/SessionStoreConformance.cs). Failures of the backing store
/// surface as <see cref="SessionStoreUnavailableException"/>; nothing partial is ever written.
/// </summary>
public interface ISessionStore
{
    Task<SessionInfo> CreateAsync(string agent, IReadOnlyDictionary<string, string>? metadata, CancellationToken cancellationToken);

    /// <summary>The session, or null when it does not exist or expired.</summary>
    Task<SessionInfo?> GetAsync(string sessionId, CancellationToken cancellationToken);

    /// <summary>Sessions of one agent (or of all agents when null), by incremental scan, never a full key listing.</summary>
    IAsyncEnumerable<SessionInfo> ListAsync(string? agent, CancellationToken cancellationToken);

    /// <summary>Deletes the session and its history; false when it did not exist.</summary>
    Task<bool> DeleteAsync(string sessionId, CancellationToken cancellationToken);

    /// <summary>
    /// Appends all messages of one turn atomically, in O(1) of the history length, refreshing the TTL
    /// and trimming to <see cref="AppendTurnOptions.MaxMessages"/> in the same step. With an idempotency
    /// key that was already used, nothing is appended and the reply recorded the first time is returned.
    /// </summary>
    Task<AppendTurnResult> AppendTurnAsync(string sessionId, IReadOnlyList<SessionMessage> messages, AppendTurnOptions options, CancellationToken cancellationToken);

    /// <summary>
    /// The turn appended earlier with <paramref name="idempotencyKey"/> (its marker still live), or null when
    /// there is none or the session does not exist. Lets a caller answer a retry without redoing expensive
    /// work (a model call); <see cref="AppendTurnAsync"/> stays the atomic authority when first attempts race.
    /// </summary>
    Task<RecordedTurn?> FindTurnAsync(string sessionId, string idempotencyKey, CancellationToken cancellationToken);

    /// <summary>
    /// Everything a turn reads before it calls the model, in one step (one Redis round trip; docs/sessions.md,
    /// "The chat turn"): the session must exist and belong to <paramref name="agent"/> (otherwise
    /// <see cref="SessionNotFoundException"/>); the turn recorded under <paramref name="idempotencyKey"/>, if
    /// any; and, unless one is recorded, the newest <paramref name="windowLimit"/> messages (0: none).
    /// </summary>
    Task<TurnStart> BeginTurnAsync(string sessionId, string agent, string? idempotencyKey, int windowLimit, CancellationToken cancellationToken);

    /// <summary>
    /// The newest <paramref name="limit"/> messages older than <paramref name="before"/> (a cursor from an
    /// earlier page; null for the newest page), oldest first.
    /// </summary>
    Task<MessagePage> ReadWindowAsync(string sessionId, int limit, string? before, CancellationToken cancellationToken);
}
