namespace AgentSpec.Core.Sessions;

/// <summary>A turn already appended under an idempotency key.</summary>
/// <param name="Reply">The reply its first append recorded (null when it recorded none).</param>
/// <param name="ModelCalls">The model calls its first append recorded (null when it recorded none: an older marker).</param>
public sealed record RecordedTurn(string? Reply, int? ModelCalls = null);
