namespace AgentSpec.Benchmarks.Reporting;

/// <summary>Everything one figure measured, its comparisons, its goals and what to know when reading it.</summary>
internal sealed class FigureResult
{
    public required string Id { get; init; }

    public required string Title { get; init; }

    /// <summary>What the figure is compared with in the same run (the floor or the peer).</summary>
    public required string ComparedWith { get; init; }

    public List<Measurement> Measurements { get; } = [];

    public List<GoalResult> Goals { get; } = [];

    public List<string> Notes { get; } = [];

    public double ElapsedSeconds { get; set; }

    /// <summary>Set when the figure could not run at all; the run then exits non-zero.</summary>
    public string? Error { get; set; }

    public void Add(string name, double value, string unit, string? detail = null) =>
        Measurements.Add(new Measurement(name, value, unit, detail));
}
