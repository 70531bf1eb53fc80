namespace AgentSpec.Core.State;

internal enum StateParseOutcome
{
    Missing,
    Valid,
    Damaged,
    UnsupportedVersion,
}
