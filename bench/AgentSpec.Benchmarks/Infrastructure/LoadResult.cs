namespace AgentSpec.Benchmarks.Infrastructure;

/// <param name="Completed">Successful requests that finished inside the window.</param>
/// <param name="Failed">Requests that failed (non-2xx or transport error) inside the window.</param>
/// <param name="Seconds">Length of the window.</param>
/// <param name="PerSecond">Successful requests per second.</param>
internal sealed record LoadResult(long Completed, long Failed, double Seconds, double PerSecond, Samples LatencyMs, string? FirstError);
