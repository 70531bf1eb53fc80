namespace AgentSpec.Cli.Runtime;

/// <summary>The answer to a chat turn.</summary>
public sealed record ChatReply(string Output, string SessionId, int Turns, long DurationMs);
