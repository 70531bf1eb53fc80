namespace AgentSpec.Core.Sessions;

/// <param name="IdempotencyKey">Marks the turn; a second append with the same key appends nothing.</param>
/// <param name="Reply">What to hand back to a retry with the same key (normally the assistant's output).</param>
/// <param name="MaxMessages">Trim the history to this many newest messages; null keeps everything.</param>
/// <param name="ModelCalls">The turn's model calls, handed back to a retry with the same key alongside <paramref name="Reply"/>.</param>
public sealed record AppendTurnOptions(string? IdempotencyKey = null, string? Reply = null, int? MaxMessages = null, int? ModelCalls = null)
{
    public static AppendTurnOptions None { get; } = new();
}
