using AgentSpec.Benchmarks.Infrastructure;
using AgentSpec.Benchmarks.Reporting;

namespace AgentSpec.Benchmarks.Micro;

/// <summary>
/// The quick pass of the micro-benchmarks: each method runs in batches for a fixed time budget after a
/// short warm-up; the mean is total time / operations, the median is the median of the batch means.
/// </summary>
internal static class QuickMicroRunner
{
    private const int Batches = 20;

    public static List<MicroResult> Run(TimeSpan budget, TextWriter log)
    {
        var benchmarks = new MicroBenchmarks();
        benchmarks.Setup();
        try
        {
            (string Name, Func<object?> Operation)[] cases =
            [
                (nameof(MicroBenchmarks.ParseAndLower10), benchmarks.ParseAndLower10),
                (nameof(MicroBenchmarks.ParseAndLower1000), benchmarks.ParseAndLower1000),
                (nameof(MicroBenchmarks.CanonicalHashResource), benchmarks.CanonicalHashResource),
                (nameof(MicroBenchmarks.CanonicalHashState1000), benchmarks.CanonicalHashState1000),
                (nameof(MicroBenchmarks.Plan1000), benchmarks.Plan1000),
                (nameof(MicroBenchmarks.SerializeState1000), benchmarks.SerializeState1000),
                (nameof(MicroBenchmarks.ReadState1000), () => benchmarks.ReadState1000().GetAwaiter().GetResult()),
            ];
            // One pass over everything first: the compiler, hashing and JSON code they share gets its
            // tier-1 JIT code before any of them is measured, not only before the last ones.
            log.WriteLine("  micro: warm-up pass");
            foreach (var (_, operation) in cases)
            {
                RunFor(operation, budget / 4, minimumOperations: 50);
            }

            var results = new List<MicroResult>();
            foreach (var (name, operation) in cases)
            {
                log.WriteLine($"  micro: {name}");
                results.Add(Measure(name, operation, budget));
            }

            return results;
        }
        finally
        {
            benchmarks.Cleanup();
        }
    }

    /// <returns>The mean time of one operation, in nanoseconds.</returns>
    private static double RunFor(Func<object?> operation, TimeSpan time, int minimumOperations)
    {
        var started = Clock.Now;
        var end = started + (long)(time.TotalSeconds * System.Diagnostics.Stopwatch.Frequency);
        long operations = 0;
        while (Clock.Now < end || operations < minimumOperations)
        {
            GC.KeepAlive(operation());
            operations++;
        }

        return Clock.Microseconds(started, Clock.Now) * 1000 / operations;
    }

    private static MicroResult Measure(string name, Func<object?> operation, TimeSpan budget)
    {
        var perOperationNs = RunFor(operation, budget / 8, minimumOperations: 10);
        var batchBudgetNs = budget.TotalSeconds * 1e9 / Batches;
        var perBatch = Math.Max(1, (long)(batchBudgetNs / perOperationNs));
        var batchMeans = new Samples();
        long operations = 0;
        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        var started = Clock.Now;
        for (var batch = 0; batch < Batches; batch++)
        {
            var batchStarted = Clock.Now;
            for (long i = 0; i < perBatch; i++)
            {
                GC.KeepAlive(operation());
            }

            batchMeans.Add(Clock.Microseconds(batchStarted, Clock.Now) * 1000 / perBatch);
            operations += perBatch;
        }

        var meanNs = Clock.Microseconds(started, Clock.Now) * 1000 / operations;
        var allocated = (double)(GC.GetAllocatedBytesForCurrentThread() - allocatedBefore) / operations;
        return new MicroResult(name, MicroBenchmarks.Descriptions[name], meanNs, batchMeans.P50, allocated, operations, "Stopwatch batches");
    }
}
