namespace AgentSpec.Benchmarks.Reporting;

/// <param name="Goal">What is promised, in words.</param>
/// <param name="Target">The threshold, e.g. "≤ 1.5".</param>
/// <param name="Actual">What this run measured (null when it could not be measured).</param>
/// <param name="Verdict">One of <see cref="Verdicts"/>.</param>
/// <param name="Explanation">Why, especially when the goal was missed or not measured.</param>
internal sealed record GoalResult(string Goal, string Target, double? Actual, string Unit, string Verdict, string? Explanation = null)
{
    public static GoalResult AtMost(string goal, double limit, double actual, string unit, string? explanation = null) =>
        new(goal, $"≤ {Format.Number(limit)} {unit}".TrimEnd(), actual, unit, double.IsFinite(actual) && actual <= limit ? Verdicts.Met : Verdicts.NotMet, explanation);

    public static GoalResult Below(string goal, double limit, double actual, string unit, string? explanation = null) =>
        new(goal, $"< {Format.Number(limit)} {unit}".TrimEnd(), actual, unit, double.IsFinite(actual) && actual < limit ? Verdicts.Met : Verdicts.NotMet, explanation);

    public static GoalResult AtLeast(string goal, double limit, double actual, string unit, string? explanation = null) =>
        new(goal, $"≥ {Format.Number(limit)} {unit}".TrimEnd(), actual, unit, double.IsFinite(actual) && actual >= limit ? Verdicts.Met : Verdicts.NotMet, explanation);

    public static GoalResult Unmeasured(string goal, string target, string unit, string explanation) =>
        new(goal, target, null, unit, Verdicts.NotMeasured, explanation);
}
