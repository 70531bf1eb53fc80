namespace AgentSpec.Core.Sessions;

/// <param name="IdempotencyKey">Marks the turn; a second append with the same key appends nothing.</param>
/// <param name="Reply">What to hand back to a retry with the same key (normally the assistant's output).</param>
/// <param name="MaxMessages">Trim the history to this many newest messages; null keeps everything.</param>
public sealed record AppendTurnOptions(string? IdempotencyKey = null, string? Reply = null, int? MaxMessages = null)
{
    public static AppendTurnOptions None { get; } = new();
}
