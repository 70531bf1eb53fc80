namespace AgentSpec.Benchmarks;

/// <summary>How many samples and seconds each figure gets: <c>--quick</c> (under 3 minutes on 2 cores) or <c>--full</c>.</summary>
internal sealed record BenchProfile
{
    public required string Name { get; init; }

    /// <summary>Figure 1: state sizes (entries) and the commits measured at each.</summary>
    public required IReadOnlyList<(int Entries, int Samples)> Commits { get; init; }

    /// <summary>Figure 2: uncontested acquire + release pairs.</summary>
    public required int LockSamples { get; init; }

    /// <summary>Figure 2: hand-offs per variant (thread, process).</summary>
    public required int HandoffSamples { get; init; }

    /// <summary>Figure 3: rounds of 10 concurrent and 10 sequential applies (the median round is reported).</summary>
    public required int ConcurrentApplyRounds { get; init; }

    /// <summary>Figure 4: history lengths, appends measured on our store and on the naive store at each.</summary>
    public required IReadOnlyList<(int History, int OurSamples, int NaiveSamples)> Appends { get; init; }

    /// <summary>Figure 5: unmeasured load on a freshly started server first, until its hot paths are JIT-compiled (tier 1).</summary>
    public required TimeSpan ServerWarmup { get; init; }

    /// <summary>
    /// Figure 5: each load is measured in this many slices, alternating between the loads of one server
    /// (one session per client, one hot session), so a drift over time (late JIT tiering, other work on the
    /// machine) is shared by both instead of favouring whichever runs last.
    /// </summary>
    public required int LoadSlices { get; init; }

    /// <summary>Figure 5: the unmeasured ramp at the start of every slice, and the measured rest of it.</summary>
    public required TimeSpan LoadWarmup { get; init; }

    public required TimeSpan LoadDuration { get; init; }

    /// <summary>Figure 5: requests for redis-benchmark.</summary>
    public required int RedisBenchmarkRequests { get; init; }

    /// <summary>Figure 6: fresh applies of the 1,000-resource package (the median is reported).</summary>
    public required int ApplyPhaseRuns { get; init; }

    /// <summary>Figure 7: 1,000-entry state changes on the Redis backend (with as many on the file backend and bare SETs).</summary>
    public required int RedisStateSamples { get; init; }
    /// <summary>Figure 8: runs of each command per build (JIT and AOT alternate run by run; the median is reported).</summary>
    public required int StartupRuns { get; init; }

    /// <summary>Micro-benchmarks: Stopwatch batches for this long each (quick), or BenchmarkDotNet's default job (full).</summary>
    public required TimeSpan MicroBudget { get; init; }

    public required bool MicroWithBenchmarkDotNet { get; init; }

    public static BenchProfile Quick { get; } = new()
    {
        Name = "quick",
        Commits = [(10, 60), (1_000, 40), (10_000, 15)],
        LockSamples = 300,
        HandoffSamples = 20,
        ConcurrentApplyRounds = 1,
        Appends = [(10, 300, 200), (100, 300, 200), (1_000, 300, 100), (10_000, 300, 30), (100_000, 300, 8)],
        ServerWarmup = TimeSpan.FromSeconds(8),
        LoadSlices = 2,
        LoadWarmup = TimeSpan.FromSeconds(0.5),
        LoadDuration = TimeSpan.FromSeconds(2.5),
        RedisBenchmarkRequests = 100_000,
        ApplyPhaseRuns = 3,
        RedisStateSamples = 40,
        StartupRuns = 10,
        MicroBudget = TimeSpan.FromSeconds(0.8),
        MicroWithBenchmarkDotNet = false,
    };

    public static BenchProfile Full { get; } = new()
    {
        Name = "full",
        Commits = [(10, 500), (1_000, 200), (10_000, 60)],
        LockSamples = 3_000,
        HandoffSamples = 100,
        ConcurrentApplyRounds = 3,
        Appends = [(10, 3_000, 1_000), (100, 3_000, 1_000), (1_000, 3_000, 500), (10_000, 3_000, 100), (100_000, 3_000, 30)],
        ServerWarmup = TimeSpan.FromSeconds(20),
        LoadSlices = 4,
        LoadWarmup = TimeSpan.FromSeconds(1),
        LoadDuration = TimeSpan.FromSeconds(5),
        RedisBenchmarkRequests = 500_000,
        ApplyPhaseRuns = 10,
        RedisStateSamples = 200,
        StartupRuns = 20,
        MicroBudget = TimeSpan.Zero,
        MicroWithBenchmarkDotNet = true,
    };
}
