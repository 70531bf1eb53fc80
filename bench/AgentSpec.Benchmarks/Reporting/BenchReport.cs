namespace AgentSpec.Benchmarks.Reporting;

/// <summary>The whole run: what <c>bench/results/latest.json</c> holds.</summary>
internal sealed class BenchReport
{
    public required string Profile { get; init; }

    public required DateTimeOffset StartedAt { get; init; }

    public required string CommandLine { get; init; }

    public string? Commit { get; init; }

    public required MachineDescription Machine { get; init; }

    public double TotalSeconds { get; set; }

    public List<MicroResult> Micro { get; } = [];

    public string? MicroError { get; set; }

    public List<FigureResult> Figures { get; } = [];

    public bool Succeeded => MicroError is null && Figures.TrueForAll(f => f.Error is null);
}
