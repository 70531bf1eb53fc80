namespace AgentSpec.Benchmarks.Reporting;

/// <summary>The three honest answers to "was the goal met?".</summary>
internal static class Verdicts
{
    public const string Met = "met";
    public const string NotMet = "not met";
    public const string NotMeasured = "not measured";
}
