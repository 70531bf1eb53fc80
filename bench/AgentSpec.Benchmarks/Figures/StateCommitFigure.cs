using System.Globalization;
using AgentSpec.Benchmarks.Generation;
using AgentSpec.Benchmarks.Infrastructure;
using AgentSpec.Benchmarks.Reporting;
using AgentSpec.Core.State;
using AgentSpec.Core.State.FileBackend;

namespace AgentSpec.Benchmarks.Figures;

/// <summary>
/// Figure 1: a whole state change through <see cref="FileStateBackend"/> (lock → load → commit of a
/// document with one entry changed → release) against the durable minimum for the same bytes.
/// </summary>
internal sealed class StateCommitFigure : IFigure
{
    private const int Warmup = 3;
    private const int GoalEntries = 10_000;
    private const double GoalRatio = 8;

    public string Id => "1";

    public string Title => "State commit vs a raw durable write (and the whole lock → load → commit → release change)";

    public string ComparedWith => "a raw durable write of the same bytes in the same directory's file system: create temp + write + fsync + rename + directory fsync, nothing else (P/Invoke, like the product)";

    public async Task RunAsync(BenchContext context, FigureResult result, CancellationToken cancellationToken)
    {
        Breakdown? atGoal = null;
        foreach (var (entries, samples) in context.Profile.Commits)
        {
            var breakdown = await MeasureAsync(context, result, entries, samples, cancellationToken);
            if (entries == GoalEntries)
            {
                atGoal = breakdown;
            }
        }

        result.Goals.Add(atGoal is { } measured
            ? GoalResult.AtMost("The whole state change at 10,000 entries (lock → load → commit → release) costs at most 8× the raw durable write of the same bytes (p50 ratio)", GoalRatio, measured.Ratio, "×", measured.Ratio <= GoalRatio ? null : Explain(measured))
            : GoalResult.Unmeasured("The whole state change at 10,000 entries costs at most 8× the raw durable write (p50 ratio)", "≤ 8 ×", "×", "10,000 entries are not part of this profile."));
        result.Notes.Add("The goal is about the whole change as `apply` makes it, with the simple serialiser (one canonical JSON writer, `Resources/CanonicalJson`, for content hashes and the state file). The rows \"of which\" show where the time goes; \"CommitAsync alone / raw\" is there for context.");
        result.Notes.Add("Each sample is one complete change as `apply` makes it: `LockAsync` (kernel flock + holder info) → `LoadAsync` (read, JSON parse, checksum check, backup check) → one entry's hash changed → `CommitAsync` (validate, checksum and file bytes, temp file + fsync, hard-link the previous generation to `.bak`, fencing, rename, directory fsync) → release. The raw write does only the fsync'd replace of the same bytes.");
        result.Notes.Add("The product and the raw write alternate sample by sample, so both see the same background load. p99 with few samples is close to the maximum.");
    }

    private static string Explain(Breakdown breakdown) => string.Create(
        CultureInfo.InvariantCulture,
        $"LoadAsync (parsing and verifying the state and its .bak) is {breakdown.LoadShare * 100:0}% of the change and CommitAsync (serialising and hashing the canonical JSON, then the durable write) is {breakdown.CommitOverRaw:0.#}× the raw write on its own");

    /// <summary>Where the time of a state change goes, for the explanation of a missed goal.</summary>
    private sealed record Breakdown(double Ratio, double LoadShare, double CommitOverRaw);

    private static async Task<Breakdown> MeasureAsync(BenchContext context, FigureResult result, int entries, int samples, CancellationToken cancellationToken)
    {
        context.Progress($"state commit with {entries:N0} entries ({samples} samples)");
        var directory = context.NewDirectory(string.Create(CultureInfo.InvariantCulture, $"commit-{entries}"));
        var statePath = Path.Combine(directory, FileStateBackend.DefaultFileName);
        var backend = new FileStateBackend(statePath);
        var lockOptions = new StateLockOptions { Operation = "benchmark" };
        await using (var seed = await backend.LockAsync(lockOptions, cancellationToken))
        {
            await seed.LoadAsync(cancellationToken);
            await seed.CommitAsync(StateDocuments.WithEntries(entries), cancellationToken);
        }

        var bytes = await File.ReadAllBytesAsync(statePath, cancellationToken);
        var rawDirectory = context.NewDirectory(string.Create(CultureInfo.InvariantCulture, $"raw-{entries}"));
        var rawTarget = Path.Combine(rawDirectory, "state.json");
        var hashes = Enumerable.Range(0, Warmup + samples).Select(i => StateDocuments.Hash(1_000_000 + i)).ToArray();

        var total = new Samples();
        var raw = new Samples();
        var acquire = new Samples();
        var load = new Samples();
        var commit = new Samples();
        var release = new Samples();
        for (var i = 0; i < Warmup + samples; i++)
        {
            if (i % 2 == 0)
            {
                await ProductAsync(i);
                RawWrite(i);
            }
            else
            {
                RawWrite(i);
                await ProductAsync(i);
            }
        }

        var ratio = total.P50 / raw.P50;
        var label = string.Create(CultureInfo.InvariantCulture, $"{entries:N0} entries");
        result.Add($"{label}: state change p50", total.P50, "ms", $"{samples} samples, file {Format.Bytes(bytes.Length)}");
        result.Add($"{label}: state change p99", total.P99, "ms");
        result.Add($"{label}: raw durable write p50", raw.P50, "ms");
        result.Add($"{label}: raw durable write p99", raw.P99, "ms");
        result.Add($"{label}: ratio p50 (ours / raw)", ratio, "×");
        result.Add($"{label}: ratio p99 (ours / raw)", total.P99 / raw.P99, "×");
        result.Add($"{label}: of which lock p50", acquire.P50, "ms");
        result.Add($"{label}: of which load p50", load.P50, "ms");
        result.Add($"{label}: of which commit p50", commit.P50, "ms");
        result.Add($"{label}: of which release p50", release.P50, "ms");
        result.Add($"{label}: CommitAsync alone / raw (p50)", commit.P50 / raw.P50, "×");
        return new Breakdown(ratio, load.P50 / total.P50, commit.P50 / raw.P50);

        async Task ProductAsync(int sample)
        {
            var started = Clock.Now;
            var stateLock = await backend.LockAsync(lockOptions, cancellationToken);
            var locked = Clock.Now;
            long loadedAt, committedAt;
            try
            {
                var loaded = await stateLock.LoadAsync(cancellationToken);
                loadedAt = Clock.Now;
                var document = loaded.Document;
                document.Entries[sample % document.Entries.Count].Hash = hashes[sample];
                var committed = await stateLock.CommitAsync(document, cancellationToken);
                committedAt = Clock.Now;
                if (!committed.Written)
                {
                    throw new InvalidOperationException("The benchmark's commit changed nothing; every sample must write.");
                }
            }
            finally
            {
                await stateLock.DisposeAsync();
            }

            var released = Clock.Now;
            if (sample >= Warmup)
            {
                total.Add(Clock.Milliseconds(started, released));
                acquire.Add(Clock.Milliseconds(started, locked));
                load.Add(Clock.Milliseconds(locked, loadedAt));
                commit.Add(Clock.Milliseconds(loadedAt, committedAt));
                release.Add(Clock.Milliseconds(committedAt, released));
            }
        }

        void RawWrite(int sample)
        {
            var temp = Path.Combine(rawDirectory, string.Create(CultureInfo.InvariantCulture, $"state.json.tmp-{sample}"));
            var started = Clock.Now;
            NativeFile.DurableReplace(rawDirectory, rawTarget, temp, bytes);
            if (sample >= Warmup)
            {
                raw.Add(Clock.MillisecondsSince(started));
            }
        }
    }
}
