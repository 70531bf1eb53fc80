namespace AgentSpec.Core.RuntimeApi;

/// <summary>The answer to a chat turn (session message or invoke).</summary>
/// <param name="Output">The assistant's reply (for a repeated idempotency key: the reply recorded the first time).</param>
/// <param name="Turns">Model round trips the reply took (the agent loop's iterations; bounded by <c>max_turns</c>).</param>
/// <param name="DurationMs">Time the runtime spent on the request.</param>
public sealed record ChatReplyResponse(string Output, string SessionId, int Turns, long DurationMs);
