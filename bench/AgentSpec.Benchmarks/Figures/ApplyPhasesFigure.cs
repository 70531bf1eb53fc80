using System.Globalization;
using AgentSpec.Benchmarks.Generation;
using AgentSpec.Benchmarks.Infrastructure;
using AgentSpec.Benchmarks.Reporting;
using AgentSpec.Core.Apply;
using AgentSpec.Core.IntentLang;
using AgentSpec.Core.Planning;
using AgentSpec.Core.State;
using Microsoft.Extensions.Logging.Abstractions;

namespace AgentSpec.Benchmarks.Figures;

/// <summary>
/// Figure 6: <c>apply</c> of a generated 1,000-resource package into an empty state with the record-only
/// adapter, split into its phases with the Core APIs, next to the same apply through <see cref="ApplyEngine"/>.
/// </summary>
internal sealed class ApplyPhasesFigure : IFigure
{
    private const int Resources = 1_000;

    public string Id => "6";

    public string Title => "`apply` of a 1,000-resource package (record-only): where the time goes";

    public string ComparedWith => "the same apply through `ApplyEngine.RunAsync` (what `agentspec apply` runs after parsing), and the raw durable write of the resulting state file";

    public async Task RunAsync(BenchContext context, FigureResult result, CancellationToken cancellationToken)
    {
        var runs = context.Profile.ApplyPhaseRuns;
        var text = PackageText.Generate("bench-1000", Resources);
        var phases = new Dictionary<string, Samples>(StringComparer.Ordinal);
        var engine = new Samples();
        var raw = new Samples();
        long stateBytes = 0;
        for (var run = -1; run < runs; run++)
        {
            context.Progress(run < 0 ? "apply of 1,000 resources: warm-up" : $"apply of 1,000 resources: run {run + 1}/{runs}");
            var directory = context.NewDirectory(string.Create(CultureInfo.InvariantCulture, $"apply-1000-{run + 1}"));
            var packagePath = Path.Combine(directory, "bench-1000.ias");
            await File.WriteAllTextAsync(packagePath, text, cancellationToken);
            var timings = await PhasesAsync(packagePath, Path.Combine(directory, "phases", FileStateBackend.DefaultFileName), cancellationToken);
            var engineSeconds = await EngineAsync(packagePath, Path.Combine(directory, "engine", FileStateBackend.DefaultFileName), cancellationToken);
            var written = Path.Combine(directory, "phases", FileStateBackend.DefaultFileName);
            var bytes = await File.ReadAllBytesAsync(written, cancellationToken);
            stateBytes = bytes.Length;
            var rawStarted = Clock.Now;
            NativeFile.DurableReplace(Path.GetDirectoryName(written)!, Path.Combine(Path.GetDirectoryName(written)!, "raw.json"), Path.Combine(Path.GetDirectoryName(written)!, "raw.json.tmp"), bytes);
            var rawMs = Clock.MillisecondsSince(rawStarted);
            if (run < 0)
            {
                continue;
            }

            foreach (var (phase, milliseconds) in timings)
            {
                if (!phases.TryGetValue(phase, out var samples))
                {
                    phases[phase] = samples = new Samples();
                }

                samples.Add(milliseconds);
            }

            engine.Add(engineSeconds);
            raw.Add(rawMs);
        }

        var sum = 0.0;
        foreach (var (phase, samples) in phases)
        {
            result.Add($"phase: {phase}", samples.P50, "ms", $"median of {samples.Count}");
            sum += samples.P50;
        }

        result.Add("sum of the phases", sum, "ms");
        result.Add("parse + ApplyEngine.RunAsync, end to end", engine.P50, "ms", $"median of {engine.Count}");
        result.Add("raw durable write of the final state file", raw.P50, "ms", $"{Format.Bytes(stateBytes)}");
        result.Add("commit / raw durable write", phases["commit"].P50 / raw.P50, "×");
        result.Notes.Add("Phases, timed one after another with the Core APIs: parse = `IntentLangCompiler.CompileAsync` (read, parse, check, lower, hash); lock = `FileStateBackend.LockAsync`; load = `LoadAsync` of the empty state; plan = `Planner.Compute`; deploy = `RecordOnlyAdapter.ApplyAsync` for each of the 1,000 creates plus recording each entry; commit = `CommitAsync` (one commit: record-only has no external effects, so no intent commit, and the run is shorter than the 1 s checkpoint interval); release = disposing the lock.");
        result.Notes.Add("Each run starts from an empty state in a fresh directory; one warm-up run is discarded.");
    }

    private static async Task<List<(string Phase, double Milliseconds)>> PhasesAsync(string packagePath, string statePath, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(statePath)!);
        var timings = new List<(string, double)>();
        var mark = Clock.Now;
        var compiled = await IntentLangCompiler.CompileAsync(packagePath, cancellationToken);
        var package = compiled.Package ?? throw new InvalidOperationException($"The generated package does not compile: {string.Join("; ", compiled.Errors)}");
        if (package.Resources.Count != Resources)
        {
            throw new InvalidOperationException($"The generated package lowers to {package.Resources.Count} resources, not {Resources}.");
        }

        Next("parse");
        var backend = new FileStateBackend(statePath);
        var stateLock = await backend.LockAsync(new StateLockOptions(), cancellationToken);
        Next("lock");
        try
        {
            var loaded = await stateLock.LoadAsync(cancellationToken);
            Next("load");
            var state = loaded.Document;
            var plan = Planner.Compute(package.Resources, state.Entries, package.Name);
            Next("plan");
            var adapter = new RecordOnlyAdapter();
            var now = TimeProvider.System.GetUtcNow();
            foreach (var action in plan.Changes)
            {
                await adapter.ApplyAsync(action, cancellationToken);
                state.Upsert(new StateEntry
                {
                    Fqn = action.Fqn,
                    Hash = action.Desired!.Hash,
                    Status = StateEntryStatus.Applied,
                    LastApplied = now,
                    Adapter = adapter.Name,
                });
            }

            Next("deploy (record-only)");
            await stateLock.CommitAsync(state, cancellationToken);
            Next("commit");
        }
        finally
        {
            await stateLock.DisposeAsync();
        }

        Next("release");
        return timings;

        void Next(string phase)
        {
            var now = Clock.Now;
            timings.Add((phase, Clock.Milliseconds(mark, now)));
            mark = now;
        }
    }

    private static async Task<double> EngineAsync(string packagePath, string statePath, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(statePath)!);
        var started = Clock.Now;
        var compiled = await IntentLangCompiler.CompileAsync(packagePath, cancellationToken);
        var engine = new ApplyEngine(new FileStateBackend(statePath), TimeProvider.System, NullLogger<ApplyEngine>.Instance);
        var request = new ApplyRequest(compiled.Package!, ApplyMode.Apply, new RecordOnlyAdapter(), new StateLockOptions(), static (_, _) => Task.FromResult(true));
        var outcome = await engine.RunAsync(request, cancellationToken);
        var milliseconds = Clock.MillisecondsSince(started);
        if (outcome.Status != ApplyStatus.Completed || outcome.Created != Resources)
        {
            throw new InvalidOperationException($"ApplyEngine ended {outcome.Status}: {outcome.Summary}");
        }

        return milliseconds;
    }
}
