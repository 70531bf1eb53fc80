using System.Globalization;
using AgentSpec.Benchmarks.Infrastructure;
using AgentSpec.Benchmarks.Reporting;
using AgentSpec.Core.State;
using AgentSpec.Core.State.FileBackend;

namespace AgentSpec.Benchmarks.Figures;

/// <summary>
/// Figure 2: the state lock uncontested (acquire + release) and handed off (the holder releases, a waiter
/// in another thread or another process proceeds).
/// </summary>
internal sealed class LockFigure : IFigure
{
    private const int Warmup = 20;

    public string Id => "2";

    public string Title => "State lock: uncontested acquire + release, and hand-off to a waiter";

    public string ComparedWith => "the bare kernel lock on the same file system (open + flock(LOCK_EX|LOCK_NB) + unlock + close, P/Invoke), and the goals (1 ms each)";

    public async Task RunAsync(BenchContext context, FigureResult result, CancellationToken cancellationToken)
    {
        var directory = context.NewDirectory("lock");
        var statePath = Path.Combine(directory, FileStateBackend.DefaultFileName);
        var options = new StateLockOptions { Operation = "benchmark", LockTimeout = TimeSpan.FromSeconds(30) };

        var (ours, floor) = await UncontestedAsync(context, statePath, options, cancellationToken);
        result.Add("uncontested acquire + release p50", ours.P50, "µs", $"{ours.Count} samples");
        result.Add("uncontested acquire + release p99", ours.P99, "µs");
        result.Add("bare kernel lock p50 (floor)", floor.P50, "µs");
        result.Add("ratio p50 (ours / bare kernel lock)", ours.P50 / floor.P50, "×");
        result.Goals.Add(GoalResult.Below("Uncontested lock acquire + release p50 under 1 ms", 1_000, ours.P50, "µs"));

        context.Progress($"lock hand-off between threads ({context.Profile.HandoffSamples} samples)");
        var threads = await HandOffBetweenThreadsAsync(statePath, options, context.Profile.HandoffSamples, cancellationToken);
        result.Add("hand-off to another thread p50", threads.P50, "ms", $"{threads.Count} samples");
        result.Add("hand-off to another thread p99", threads.P99, "ms");

        context.Progress($"lock hand-off between processes ({context.Profile.HandoffSamples} samples)");
        var processes = await HandOffBetweenProcessesAsync(statePath, options, context.Profile.HandoffSamples, cancellationToken);
        result.Add("hand-off to another process p50", processes.P50, "ms", $"{processes.Count} samples");
        result.Add("hand-off to another process p99", processes.P99, "ms");
        result.Goals.Add(GoalResult.Below("Lock hand-off to a waiter in another process, p50 under 1 ms", 1, processes.P50, "ms"));

        result.Notes.Add("Acquire + release is `FileStateBackend.LockAsync` (lock file open with O_NOFOLLOW, flock, inode check, holder info written atomically, lease timer) and `DisposeAsync` (holder info cleared, unlock).");
        result.Notes.Add("Hand-off: the holder notes the monotonic clock (CLOCK_MONOTONIC, shared by all processes) right before it releases; the waiter, already blocked in the kernel (`flock(LOCK_EX)` on a dedicated thread inside `LockAsync`), notes it right after `LockAsync` returns. The release comes 15–45 ms (random) after the waiter started, so the waiter is caught at every point of its periodic look at the holder (every 250 ms at most).");
    }

    private static async Task<(Samples Ours, Samples Floor)> UncontestedAsync(BenchContext context, string statePath, StateLockOptions options, CancellationToken cancellationToken)
    {
        var samples = context.Profile.LockSamples;
        context.Progress($"uncontested lock ({samples} samples)");
        var backend = new FileStateBackend(statePath);
        var floorPath = Path.Combine(Path.GetDirectoryName(statePath)!, "floor.lock");
        var ours = new Samples();
        var floor = new Samples();
        for (var i = 0; i < Warmup + samples; i++)
        {
            var started = Clock.Now;
            var held = await backend.LockAsync(options, cancellationToken);
            await held.DisposeAsync();
            var ended = Clock.Now;
            NativeFile.LockAndUnlock(floorPath);
            var floorEnded = Clock.Now;
            if (i >= Warmup)
            {
                ours.Add(Clock.Microseconds(started, ended));
                floor.Add(Clock.Microseconds(ended, floorEnded));
            }
        }

        return (ours, floor);
    }

    private static async Task<Samples> HandOffBetweenThreadsAsync(string statePath, StateLockOptions options, int samples, CancellationToken cancellationToken)
    {
        var holderBackend = new FileStateBackend(statePath);
        var waiterBackend = new FileStateBackend(statePath);
        var handOffs = new Samples();
        for (var i = 0; i < samples + 2; i++)
        {
            var held = await holderBackend.LockAsync(options, cancellationToken);
            var waiter = Task.Run(() => AcquireAsync(waiterBackend, options, cancellationToken), cancellationToken);
            await Task.Delay(ReleaseDelay(), cancellationToken);
            var releasing = Clock.Now;
            await held.DisposeAsync();
            var (acquired, acquiredAt) = await waiter;
            await acquired.DisposeAsync();
            if (i >= 2)
            {
                handOffs.Add(Clock.Milliseconds(releasing, acquiredAt));
            }
        }

        return handOffs;
    }

    private static async Task<Samples> HandOffBetweenProcessesAsync(string statePath, StateLockOptions options, int samples, CancellationToken cancellationToken)
    {
        var waiterBackend = new FileStateBackend(statePath);
        var handOffs = new Samples();
        await using var holder = HarnessChild.Start(LockHolderChild.Mode, statePath);
        await holder.ExpectAsync("ready", cancellationToken);
        for (var i = 0; i < samples + 2; i++)
        {
            await holder.SendAsync("acquire");
            await holder.ExpectAsync("held", cancellationToken);
            var waiter = Task.Run(() => AcquireAsync(waiterBackend, options, cancellationToken), cancellationToken);
            await Task.Delay(ReleaseDelay(), cancellationToken);
            await holder.SendAsync("release");
            var releasing = long.Parse(await holder.ExpectAsync("released", cancellationToken), CultureInfo.InvariantCulture);
            var (acquired, acquiredAt) = await waiter;
            await acquired.DisposeAsync();
            if (i >= 2)
            {
                handOffs.Add(Clock.Milliseconds(releasing, acquiredAt));
            }
        }

        return handOffs;
    }

    private static async Task<(IStateLock Lock, long AcquiredAt)> AcquireAsync(FileStateBackend backend, StateLockOptions options, CancellationToken cancellationToken)
    {
        var acquired = await backend.LockAsync(options, cancellationToken);
        return (acquired, Clock.Now);
    }

    // Not a secret: spreads the release over the waiter's cycle of looking at the holder.
#pragma warning disable CA5394
    private static TimeSpan ReleaseDelay() => TimeSpan.FromMilliseconds(15 + Random.Shared.Next(0, 31));
#pragma warning restore CA5394
}
