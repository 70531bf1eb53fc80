using System.Diagnostics.CodeAnalysis;

namespace AgentSpec.Core.Sessions;

/// <summary>
/// One session of the memory store. Every member is read and written under <see cref="Gate"/>.
/// Messages are numbered 1, 2, 3… like in the Redis store; trimming drops the lowest numbers.
/// </summary>
internal sealed class MemorySession
{
    private const int CompactThreshold = 1024;
    private readonly List<SessionMessage> _messages = [];
    private readonly Dictionary<string, TurnMarker> _turnMarkers = new(StringComparer.Ordinal);
    private int _head;

    public MemorySession(string id, string agent, DateTimeOffset now, IReadOnlyDictionary<string, string> metadata, DateTimeOffset expiresAt)
    {
        Id = id;
        Agent = agent;
        CreatedAt = now;
        LastActive = now;
        Metadata = metadata;
        ExpiresAt = expiresAt;
    }

    public Lock Gate { get; } = new();

    public string Id { get; }

    public string Agent { get; }

    public DateTimeOffset CreatedAt { get; }

    public DateTimeOffset LastActive { get; private set; }

    public IReadOnlyDictionary<string, string> Metadata { get; }

    public DateTimeOffset ExpiresAt { get; private set; }

    /// <summary>Set once the session left the store (deleted or expired); a writer holding a stale reference must not revive it.</summary>
    public bool Removed { get; set; }

    public long LastSequence { get; private set; }

    public int Count => _messages.Count - _head;

    public long FirstSequence => LastSequence - Count + 1;

    public bool IsExpired(DateTimeOffset now) => now >= ExpiresAt;

    public SessionInfo ToInfo() => new(Id, Agent, CreatedAt, LastActive, Metadata);

    public bool TryGetTurnMarker(string idempotencyKey, DateTimeOffset now, [NotNullWhen(true)] out RecordedTurn? turn)
    {
        if (_turnMarkers.TryGetValue(idempotencyKey, out var marker) && now < marker.ExpiresAt)
        {
            turn = marker.Turn;
            return true;
        }

        turn = null;
        return false;
    }

    public void AppendTurn(IReadOnlyList<SessionMessage> messages, AppendTurnOptions options, DateTimeOffset now, TimeSpan ttl)
    {
        foreach (var message in messages)
        {
            _messages.Add(message);
        }

        LastSequence += messages.Count;
        LastActive = now;
        ExpiresAt = now + ttl;
        if (options.MaxMessages is { } max && Count > max)
        {
            _head += Count - max;
            if (_head >= CompactThreshold && _head >= _messages.Count / 2)
            {
                _messages.RemoveRange(0, _head);
                _head = 0;
            }
        }

        if (options.IdempotencyKey is { } key)
        {
            // Like the Redis marker: it lives one TTL from its own turn.
            _turnMarkers[key] = new TurnMarker(new RecordedTurn(options.Reply, options.ModelCalls), now + ttl);
        }
    }

    /// <summary>Messages with sequence numbers in [first, last], oldest first.</summary>
    public SessionMessage[] Range(long first, long last)
    {
        var result = new SessionMessage[last - first + 1];
        var start = _head + (int)(first - FirstSequence);
        _messages.CopyTo(start, result, 0, result.Length);
        return result;
    }

    public void PruneTurnMarkers(DateTimeOffset now)
    {
        foreach (var (key, marker) in _turnMarkers)
        {
            if (now >= marker.ExpiresAt)
            {
                _turnMarkers.Remove(key);
            }
        }
    }

    private readonly record struct TurnMarker(RecordedTurn Turn, DateTimeOffset ExpiresAt);
}
