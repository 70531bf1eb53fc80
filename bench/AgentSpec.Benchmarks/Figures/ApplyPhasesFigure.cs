using System.Globalization;
using AgentSpec.Benchmarks.Generation;
using AgentSpec.Benchmarks.Infrastructure;
using AgentSpec.Benchmarks.Reporting;
using AgentSpec.Core.Apply;
using AgentSpec.Core.IntentLang;
using AgentSpec.Core.State;
using AgentSpec.Core.State.FileBackend;
using Microsoft.Extensions.Logging.Abstractions;

namespace AgentSpec.Benchmarks.Figures;

/// <summary>
/// Figure 6: <c>apply</c> of a generated 1,000-resource package into an empty state with the record-only
/// adapter, split into its phases with the Core APIs: in a fresh process each time (what one
/// <c>agentspec apply</c> run pays, JIT included) and warm in this process (the steady-state cost).
/// </summary>
internal sealed class ApplyPhasesFigure : IFigure
{
    public const string Mode = "apply-phases";
    private const int Resources = 1_000;
    private const int WarmRunsDiscarded = 2;

    public string Id => "6";

    public string Title => "`apply` of a 1,000-resource package (record-only): where the time goes";

    public string ComparedWith => "the whole `agentspec apply` process on the same package, `ApplyEngine.RunAsync` on the same package, and the raw durable write of the resulting state file";

    public async Task RunAsync(BenchContext context, FigureResult result, CancellationToken cancellationToken)
    {
        var runs = context.Profile.ApplyPhaseRuns;
        var text = PackageText.Generate("bench-1000", Resources);

        var cold = new PhaseTable();
        for (var run = 0; run < runs; run++)
        {
            context.Progress($"apply of 1,000 resources in a fresh process: run {run + 1}/{runs}");
            var directory = NewRunDirectory(context, "apply-cold", run, text, out var packagePath);
            await using var child = HarnessChild.Start(Mode, packagePath, Path.Combine(directory, FileStateBackend.DefaultFileName));
            cold.Add(ApplyPhases.Parse(await child.ExpectAsync("phases", cancellationToken)));
        }

        var warm = new PhaseTable();
        var engine = new Samples();
        var raw = new Samples();
        long stateBytes = 0;
        for (var run = -WarmRunsDiscarded; run < runs; run++)
        {
            context.Progress(run < 0 ? "apply of 1,000 resources in this process: warm-up" : $"apply of 1,000 resources in this process: run {run + 1}/{runs}");
            var directory = NewRunDirectory(context, "apply-warm", run + WarmRunsDiscarded, text, out var packagePath);
            var statePath = Path.Combine(directory, FileStateBackend.DefaultFileName);
            var phases = await ApplyPhases.RunAsync(packagePath, statePath, Resources, cancellationToken);
            var engineMs = await EngineAsync(packagePath, Path.Combine(directory, "engine.state.json"), cancellationToken);
            var bytes = await File.ReadAllBytesAsync(statePath, cancellationToken);
            stateBytes = bytes.Length;
            var rawStarted = Clock.Now;
            NativeFile.DurableReplace(directory, Path.Combine(directory, "raw.json"), Path.Combine(directory, "raw.json.tmp"), bytes);
            var rawMs = Clock.MillisecondsSince(rawStarted);
            if (run >= 0)
            {
                warm.Add(phases);
                engine.Add(engineMs);
                raw.Add(rawMs);
            }
        }

        var cli = new Samples();
        for (var run = 0; run < runs; run++)
        {
            context.Progress($"agentspec apply of 1,000 resources: run {run + 1}/{runs}");
            var directory = NewRunDirectory(context, "apply-cli", run, text, out var packagePath);
            var apply = await AgentSpecCli.RunAsync(context.CliDll, directory, ["apply", packagePath, "--auto-approve"], cancellationToken);
            if (apply.ExitCode != 0)
            {
                throw new InvalidOperationException($"agentspec apply of the 1,000-resource package failed: {apply}");
            }

            cli.Add(apply.Seconds * 1000);
        }

        var median = string.Create(CultureInfo.InvariantCulture, $"median of {runs}");
        foreach (var phase in cold.Phases)
        {
            result.Add($"phase {phase}: fresh process", cold[phase].P50, "ms", median);
            result.Add($"phase {phase}: warm", warm[phase].P50, "ms", median);
        }

        result.Add("sum of the phases: fresh process", cold.SumOfMedians, "ms");
        result.Add("sum of the phases: warm", warm.SumOfMedians, "ms");
        result.Add("whole `agentspec apply` process", cli.P50, "ms", $"{median}; process start-up, host, output and telemetry flush included");
        result.Add("ApplyEngine.RunAsync + parse: warm", engine.P50, "ms", median);
        result.Add("raw durable write of the final state file", raw.P50, "ms", Format.Bytes(stateBytes));
        result.Add("commit / raw durable write: warm", warm["commit"].P50 / raw.P50, "×");
        result.Notes.Add("Phases, timed one after another with the Core APIs: parse = `IntentLangCompiler.CompileAsync` (read, parse, check, lower, hash); lock = `FileStateBackend.LockAsync`; load = `LoadAsync` of the empty state; plan = `Planner.Compute`; deploy = `RecordOnlyAdapter.ApplyAsync` for each of the 1,000 creates plus recording each entry; commit = `CommitAsync` (one commit: record-only has no external effects, so there is no intent commit, and the run is shorter than the 1 s checkpoint interval); release = disposing the lock. Every run starts from an empty state in a fresh directory.");
        result.Notes.Add(string.Create(CultureInfo.InvariantCulture, $"\"Fresh process\" runs the phases once in a newly started process (the harness in its `{Mode}` mode), like one CLI run, so the code is cold (JIT tier 0); \"warm\" repeats them in the harness after {WarmRunsDiscarded} discarded runs."));
    }

    private static string NewRunDirectory(BenchContext context, string name, int run, string text, out string packagePath)
    {
        var directory = context.NewDirectory(string.Create(CultureInfo.InvariantCulture, $"{name}-{run}"));
        packagePath = Path.Combine(directory, "bench-1000.ias");
        File.WriteAllText(packagePath, text);
        return directory;
    }

    private static async Task<double> EngineAsync(string packagePath, string statePath, CancellationToken cancellationToken)
    {
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

    /// <summary>Timings of several runs, phase by phase, in the order the phases happen.</summary>
    private sealed class PhaseTable
    {
        private readonly Dictionary<string, Samples> _samples = new(StringComparer.Ordinal);

        public List<string> Phases { get; } = [];

        public double SumOfMedians => Phases.Sum(p => _samples[p].P50);

        public Samples this[string phase] => _samples[phase];

        public void Add(IReadOnlyList<(string Phase, double Milliseconds)> run)
        {
            foreach (var (phase, milliseconds) in run)
            {
                if (!_samples.TryGetValue(phase, out var samples))
                {
                    _samples[phase] = samples = new Samples();
                    Phases.Add(phase);
                }

                samples.Add(milliseconds);
            }
        }
    }
}
