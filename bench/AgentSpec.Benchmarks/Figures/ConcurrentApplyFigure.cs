using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using AgentSpec.Benchmarks.Generation;
using AgentSpec.Benchmarks.Infrastructure;
using AgentSpec.Benchmarks.Reporting;
using AgentSpec.Core.State;
using AgentSpec.Core.State.FileBackend;

namespace AgentSpec.Benchmarks.Figures;

/// <summary>
/// Figure 3: ten real <c>agentspec apply</c> processes (different record-only packages, one state file)
/// started at once, against the same ten run one after another.
/// </summary>
internal sealed partial class ConcurrentApplyFigure : IFigure
{
    private const int Processes = 10;
    private const int ResourcesPerPackage = 10;

    public string Id => "3";

    public string Title => "10 concurrent `agentspec apply` processes on one state file";

    public string ComparedWith => "the same 10 applies run one after another, and 10 concurrent `agentspec validate` of the same packages (same process start-up and parsing, no state and no lock)";

    public async Task RunAsync(BenchContext context, FigureResult result, CancellationToken cancellationToken)
    {
        context.Progress("warming up the CLI (one validate)");
        var warmDirectory = context.NewDirectory("cli-warmup");
        var warmPackage = WritePackages(warmDirectory)[0];
        Require(await AgentSpecCli.RunAsync(context.CliDll, warmDirectory, ["validate", warmPackage], cancellationToken), "validate");

        var concurrent = new List<double>();
        var sequential = new List<double>();
        var validate = new List<double>();
        var held = new List<double>();
        for (var round = 0; round < context.Profile.ConcurrentApplyRounds; round++)
        {
            context.Progress($"round {round + 1}/{context.Profile.ConcurrentApplyRounds}: {Processes} applies at once");
            var (concurrentSeconds, heldMs) = await ConcurrentAsync(context, "apply", cancellationToken);
            concurrent.Add(concurrentSeconds);
            held.Add(heldMs);
            context.Progress($"round {round + 1}/{context.Profile.ConcurrentApplyRounds}: {Processes} applies one after another");
            sequential.Add(await SequentialAsync(context, cancellationToken));
            context.Progress($"round {round + 1}/{context.Profile.ConcurrentApplyRounds}: {Processes} validates at once");
            validate.Add((await ConcurrentAsync(context, "validate", cancellationToken)).Seconds);
        }

        var concurrentMedian = Median(concurrent);
        var sequentialMedian = Median(sequential);
        var validateMedian = Median(validate);
        var heldMedian = Median(held);
        result.Add("10 concurrent applies, wall time", concurrentMedian, "s", Rounds(concurrent));
        result.Add("10 sequential applies, wall time", sequentialMedian, "s", Rounds(sequential));
        result.Add("ratio (concurrent / sequential)", concurrentMedian / sequentialMedian, "×");
        result.Add("10 concurrent validates (no lock), wall time", validateMedian, "s", Rounds(validate));
        result.Add("ratio (concurrent applies / concurrent validates)", concurrentMedian / validateMedian, "×", "what state and the lock add when all 10 start together");
        result.Add("lock held in total by the 10 concurrent applies", heldMedian / 1000, "s", "the serialised part: sum of the CLI's \"held the lock\" times; " + Rounds(held.ConvertAll(h => h / 1000)));
        result.Add("concurrent applies − (concurrent validates + lock held)", concurrentMedian - validateMedian - (heldMedian / 1000), "s", "what the lock costs beyond serialising the critical sections; ≤ 0 means nothing");
        result.Add("one apply process, mean of the sequential run", sequentialMedian / Processes, "s");
        result.Goals.Add(GoalResult.AtMost(
            "10 concurrent applies take no longer than the same 10 one after another (the lock costs little beyond serialising the commits)",
            1.0,
            concurrentMedian / sequentialMedian,
            "×",
            concurrentMedian <= sequentialMedian ? null : "on a 2-core machine that is busy with other work, 10 processes starting at once gain little from running together, and each lock holder's critical section (load, plan, deploy, commit) runs cold, JIT included, while the others compete for the same cores; see the lock-held total"));
        result.Notes.Add(string.Create(CultureInfo.InvariantCulture, $"Each package has {ResourcesPerPackage} resources (1 prompt, 9 agents) and the record-only target; every process runs `agentspec apply PKG --auto-approve --lock-timeout 5m` in one directory, so all share one `.agentspec.state.json`. After each run the state must hold all {Processes * ResourcesPerPackage} entries at serial {Processes}, or the figure fails."));
        result.Notes.Add("Wall time runs from the first process start to the last exit. Most of one apply is .NET process start-up and JIT, which overlaps across processes; the critical sections (lock → load → plan → deploy → commit → release) are serialised by the lock. Every process runs with `--log-level information`, so the CLI reports how long it held the lock.");
    }

    /// <returns>The wall time, and for applies the total time the lock was held (from the CLI's log).</returns>
    private static async Task<(double Seconds, double HeldMilliseconds)> ConcurrentAsync(BenchContext context, string command, CancellationToken cancellationToken)
    {
        var directory = context.NewDirectory($"concurrent-{command}");
        var packages = WritePackages(directory);
        var started = Clock.Now;
        var processes = packages.Select(p => AgentSpecCli.Start(context.CliDll, directory, Arguments(command, p))).ToList();
        CliRun[] runs;
        try
        {
            runs = await Task.WhenAll(processes.Select(p => AgentSpecCli.CompleteAsync(p, started, cancellationToken)));
        }
        finally
        {
            foreach (var process in processes)
            {
                process.Dispose();
            }
        }

        var seconds = Clock.SecondsSince(started);
        foreach (var run in runs)
        {
            Require(run, command);
        }

        if (command == "apply")
        {
            await VerifyStateAsync(directory, cancellationToken);
        }

        return (seconds, command == "apply" ? runs.Sum(HeldMilliseconds) : 0);
    }

    private static async Task<double> SequentialAsync(BenchContext context, CancellationToken cancellationToken)
    {
        var directory = context.NewDirectory("sequential-apply");
        var packages = WritePackages(directory);
        var started = Clock.Now;
        foreach (var package in packages)
        {
            Require(await AgentSpecCli.RunAsync(context.CliDll, directory, Arguments("apply", package), cancellationToken), "apply");
        }

        var seconds = Clock.SecondsSince(started);
        await VerifyStateAsync(directory, cancellationToken);
        return seconds;
    }

    // Information level makes the CLI log how long it held the lock (the "lock released" event).
    private static string[] Arguments(string command, string package) => command == "apply"
        ? ["apply", package, "--auto-approve", "--lock-timeout", "5m", "--log-level", "information"]
        : ["validate", package, "--log-level", "information"];

    /// <summary>The hold time from the CLI's "Released the state lock … after holding it N ms" line.</summary>
    private static double HeldMilliseconds(CliRun run)
    {
        var match = HeldPattern().Match(run.Stderr);
        return match.Success
            ? double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture)
            : throw new InvalidOperationException($"agentspec apply logged no lock hold time (expected \"after holding it N ms\" at --log-level information): {run}");
    }

    private static string Rounds(List<double> values) =>
        $"median of {values.Count}: " + string.Join(", ", values.Select(v => Format.Number(v) + " s"));

    [GeneratedRegex(@"after holding it ([0-9]+(?:\.[0-9]+)?) ms")]
    private static partial Regex HeldPattern();

    private static List<string> WritePackages(string directory)
    {
        var paths = new List<string>();
        for (var i = 0; i < Processes; i++)
        {
            var name = string.Create(CultureInfo.InvariantCulture, $"pkg-{i:D2}");
            var path = Path.Combine(directory, name + ".ias");
            File.WriteAllText(path, RecordOnlyPackage(name));
            paths.Add(path);
        }

        return paths;
    }

    private static string RecordOnlyPackage(string name)
    {
        var text = new System.Text.StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"package \"{name}\" version \"0.1.0\" lang \"2.0\"\n\n");
        text.Append("prompt \"system\" {\n  content \"You are helpful.\"\n}\n\n");
        for (var i = 0; i < ResourcesPerPackage - 1; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $"agent \"agent-{i}\" {{\n  uses prompt \"system\"\n  model \"claude-sonnet-4-20250514\"\n}}\n\n");
        }

        text.Append(PackageText.RecordOnlyDeploy);
        return text.ToString();
    }

    private static async Task VerifyStateAsync(string directory, CancellationToken cancellationToken)
    {
        var state = await new FileStateBackend(Path.Combine(directory, FileStateBackend.DefaultFileName)).ReadAsync(cancellationToken);
        if (state.Entries.Count != Processes * ResourcesPerPackage || state.Serial != Processes)
        {
            throw new InvalidOperationException($"After {Processes} applies the state holds {state.Entries.Count} entries at serial {state.Serial}; expected {Processes * ResourcesPerPackage} at serial {Processes}.");
        }
    }

    private static void Require(CliRun run, string command)
    {
        if (run.ExitCode != 0)
        {
            throw new InvalidOperationException($"agentspec {command} failed: {run}");
        }
    }

    private static double Median(List<double> values)
    {
        Debug.Assert(values.Count > 0);
        var sorted = values.Order().ToList();
        return sorted[sorted.Count / 2];
    }
}
