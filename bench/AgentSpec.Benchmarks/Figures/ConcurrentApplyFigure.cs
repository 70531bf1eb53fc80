using System.Diagnostics;
using System.Globalization;
using AgentSpec.Benchmarks.Generation;
using AgentSpec.Benchmarks.Infrastructure;
using AgentSpec.Benchmarks.Reporting;
using AgentSpec.Core.State;

namespace AgentSpec.Benchmarks.Figures;

/// <summary>
/// Figure 3: ten real <c>agentspec apply</c> processes (different record-only packages, one state file)
/// started at once, against the same ten run one after another.
/// </summary>
internal sealed class ConcurrentApplyFigure : IFigure
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
        for (var round = 0; round < context.Profile.ConcurrentApplyRounds; round++)
        {
            context.Progress($"round {round + 1}/{context.Profile.ConcurrentApplyRounds}: {Processes} applies at once");
            concurrent.Add(await ConcurrentAsync(context, "apply", cancellationToken));
            context.Progress($"round {round + 1}/{context.Profile.ConcurrentApplyRounds}: {Processes} applies one after another");
            sequential.Add(await SequentialAsync(context, cancellationToken));
            context.Progress($"round {round + 1}/{context.Profile.ConcurrentApplyRounds}: {Processes} validates at once");
            validate.Add(await ConcurrentAsync(context, "validate", cancellationToken));
        }

        var concurrentSeconds = Median(concurrent);
        var sequentialSeconds = Median(sequential);
        var validateSeconds = Median(validate);
        var rounds = string.Create(CultureInfo.InvariantCulture, $"median of {concurrent.Count} round(s)");
        result.Add("10 concurrent applies, wall time", concurrentSeconds, "s", rounds);
        result.Add("10 sequential applies, wall time", sequentialSeconds, "s", rounds);
        result.Add("ratio (concurrent / sequential)", concurrentSeconds / sequentialSeconds, "×");
        result.Add("10 concurrent validates (no lock), wall time", validateSeconds, "s", rounds);
        result.Add("ratio (concurrent applies / concurrent validates)", concurrentSeconds / validateSeconds, "×", "what state and the lock add when all 10 start together");
        result.Add("one apply process, mean of the sequential run", sequentialSeconds / Processes, "s");
        result.Goals.Add(GoalResult.AtMost(
            "10 concurrent applies take no longer than the same 10 one after another (the lock costs little beyond serialising the commits)",
            1.0,
            concurrentSeconds / sequentialSeconds,
            "×"));
        result.Notes.Add(string.Create(CultureInfo.InvariantCulture, $"Each package has {ResourcesPerPackage} resources (1 prompt, 9 agents) and the record-only target; every process runs `agentspec apply PKG --auto-approve --lock-timeout 5m` in one directory, so all share one `.agentspec.state.json`. After each run the state must hold all {Processes * ResourcesPerPackage} entries at serial {Processes}, or the figure fails."));
        result.Notes.Add("Wall time runs from the first process start to the last exit. Most of one apply is .NET process start-up and JIT, which overlaps across processes; the commits themselves are serialised by the lock.");
    }

    private static async Task<double> ConcurrentAsync(BenchContext context, string command, CancellationToken cancellationToken)
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

        return seconds;
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

    private static string[] Arguments(string command, string package) => command == "apply"
        ? ["apply", package, "--auto-approve", "--lock-timeout", "5m"]
        : ["validate", package];

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
