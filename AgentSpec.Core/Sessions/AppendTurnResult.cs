namespace AgentSpec.Core.Sessions;

/// <param name="Appended">False when the idempotency key had been used: nothing was written.</param>
/// <param name="MessageCount">Messages in the history after the call.</param>
/// <param name="Reply">For a repeated key, the reply recorded by the first append.</param>
/// <param name="ModelCalls">For a repeated key, the model calls recorded by the first append (null when it recorded none).</param>
public sealed record AppendTurnResult(bool Appended, long MessageCount, string? Reply, int? ModelCalls = null);
