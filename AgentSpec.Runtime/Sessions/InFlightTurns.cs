using System.Collections.Concurrent;

namespace AgentSpec.Runtime.Sessions;

/// <summary>
/// Joins concurrent requests that carry the same idempotency key for the same session on this replica:
/// the first runs the turn (its model calls and tools), the others wait for its reply. Across replicas the store's
/// atomic idempotency marker decides which turn is written; this only saves duplicate model and tool calls.
/// </summary>
public sealed class InFlightTurns
{
    private readonly ConcurrentDictionary<string, Lazy<Task<TurnOutcome>>> _running = new(StringComparer.Ordinal);

    public async Task<TurnOutcome> RunOnceAsync(string sessionId, string idempotencyKey, Func<Task<TurnOutcome>> turn)
    {
        ArgumentNullException.ThrowIfNull(turn);
        var key = string.Concat(sessionId, "\n", idempotencyKey);
        var run = _running.GetOrAdd(key, static (_, turn) => new Lazy<Task<TurnOutcome>>(turn), turn);
        try
        {
            return await run.Value;
        }
        finally
        {
            // A later retry starts afresh; the store's marker then answers it without a second append.
            _running.TryRemove(new KeyValuePair<string, Lazy<Task<TurnOutcome>>>(key, run));
        }
    }
}
