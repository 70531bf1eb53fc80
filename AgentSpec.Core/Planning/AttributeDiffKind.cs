namespace AgentSpec.Core.Planning;

public enum AttributeDiffKind
{
    Added,
    Removed,
    Changed,
}
