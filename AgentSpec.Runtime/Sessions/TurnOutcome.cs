namespace AgentSpec.Runtime.Sessions;

/// <summary>What a turn answers: the reply and how many model calls it took (1 plus one per round of tool calls).</summary>
public sealed record TurnOutcome(string Reply, int ModelCalls);
