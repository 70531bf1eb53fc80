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

    private static MicroResult Measure(string name, Func<object?> operation, TimeSpan budget)
    {
        // Warm-up (tiered JIT reaches the optimised code after ~30 calls and a background compile).
        var warmupEnd = Clock.Now + (long)(budget.TotalSeconds / 4 * System.Diagnostics.Stopwatch.Frequency);
        long warmupOps = 0;
        var warmupStart = Clock.Now;
        while (Clock.Now < warmupEnd || warmupOps < 50)
        {
            GC.KeepAlive(operation());
            warmupOps++;
        }

        var perOperationNs = Clock.Microseconds(warmupStart, Clock.Now) * 1000 / warmupOps;
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
