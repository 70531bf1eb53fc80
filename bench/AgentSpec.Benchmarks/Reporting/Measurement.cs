namespace AgentSpec.Benchmarks.Reporting;

/// <summary>One number of a figure, e.g. "commit p50 at 10,000 entries" = 12.3 ms.</summary>
internal sealed record Measurement(string Name, double Value, string Unit, string? Detail = null);
