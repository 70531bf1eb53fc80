namespace AgentSpec.Benchmarks.Infrastructure;

/// <param name="Completed">Successful requests that finished inside the window.</param>
/// <param name="Failed">Requests that failed (non-2xx or transport error) inside the window.</param>
/// <param name="Seconds">Length of the window.</param>
/// <param name="PerSecond">Successful requests per second.</param>
/// <param name="TotalSucceeded">Successful requests of the whole run, warm-up included.</param>
/// <param name="TotalFailed">Failed requests of the whole run, warm-up included.</param>
internal sealed record LoadResult(long Completed, long Failed, double Seconds, double PerSecond, Samples LatencyMs, string? FirstError, long TotalSucceeded, long TotalFailed)
{
    /// <summary>Several measured slices of the same load as one result.</summary>
    public static LoadResult Combine(IReadOnlyList<LoadResult> slices)
    {
        var latencies = new Samples();
        foreach (var slice in slices)
        {
            latencies.AddRange(slice.LatencyMs);
        }

        var completed = slices.Sum(s => s.Completed);
        var seconds = slices.Sum(s => s.Seconds);
        return new LoadResult(
            completed,
            slices.Sum(s => s.Failed),
            seconds,
            completed / seconds,
            latencies,
            slices.Select(s => s.FirstError).FirstOrDefault(e => e is not null),
            slices.Sum(s => s.TotalSucceeded),
            slices.Sum(s => s.TotalFailed));
    }
}
