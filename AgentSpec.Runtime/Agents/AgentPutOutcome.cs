namespace AgentSpec.Runtime.Agents;

/// <summary>What a deploy did; the wire form is the lowercase name.</summary>
public enum AgentPutOutcome
{
    Created,
    Updated,
    Unchanged,
}
