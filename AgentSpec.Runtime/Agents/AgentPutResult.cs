namespace AgentSpec.Runtime.Agents;

public sealed record AgentPutResult(AgentPutOutcome Outcome, DeployedAgent Agent);
