using System.Diagnostics;
using System.Text.Json;
using AgentSpec.Benchmarks.Figures;
using AgentSpec.Benchmarks.Infrastructure;
using AgentSpec.Benchmarks.Micro;
using AgentSpec.Benchmarks.Reporting;

namespace AgentSpec.Benchmarks;

/// <summary>Runs the micro-benchmarks and the figures, then writes latest.json, latest.md and the docs table.</summary>
internal static class BenchRunner
{
    private static readonly IFigure[] Figures =
    [
        new ParseFigure(),
        new StateCommitFigure(),
        new LockFigure(),
        new ConcurrentApplyFigure(),
        new SessionAppendFigure(),
        new RuntimeThroughputFigure(),
        new ApplyPhasesFigure(),
        new RedisStateFigure(),
        new CliStartupFigure(),
    ];

    public static async Task<int> RunAsync(BenchOptions options, IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        var started = Clock.Now;
        var repositoryRoot = RepositoryRoot();
        var workBase = options.WorkDirectory ?? Path.GetTempPath();
        Directory.CreateDirectory(workBase);
        var workRoot = Path.Combine(workBase, $"agentspec-bench-{Environment.ProcessId}-{Guid.NewGuid():N}"[..40]);
        Directory.CreateDirectory(workRoot);
        var machine = MachineProbe.Describe(workBase);
        var report = new BenchReport
        {
            Profile = options.Profile.Name,
            StartedAt = TimeProvider.System.GetUtcNow(),
            CommandLine = "dotnet run -c Release --project bench/AgentSpec.Benchmarks --" + (args.Count == 0 ? " --quick" : " " + string.Join(' ', args)),
            Commit = GitCommit(repositoryRoot),
            Machine = machine,
        };

        Console.WriteLine($"AgentSpec benchmarks, {options.Profile.Name} profile");
        Console.WriteLine($"  {machine.Cores} cores ({machine.Cpu}), {Format.Number(machine.MemoryGiB)} GiB, load average {machine.LoadAverageAtStart}, {machine.Build} build");
        Console.WriteLine($"  scratch directory {workRoot} on {machine.WorkFilesystem}");
        await using (var context = new BenchContext(options, repositoryRoot, workRoot, machine))
        {
            if (options.Runs("micro"))
            {
                RunMicro(context, report);
            }

            foreach (var figure in Figures.Where(f => options.Runs(f.Id)))
            {
                report.Figures.Add(await RunFigureAsync(context, figure, cancellationToken));
            }

            machine.LoadAverageAtEnd = MachineProbe.LoadAverage();
            report.TotalSeconds = Clock.SecondsSince(started);
            Write(context, report, options);
        }

        TryDelete(workRoot);
        PrintGoals(report);
        Console.WriteLine($"Finished in {Format.Number(Clock.SecondsSince(started))} s{(report.Succeeded ? string.Empty : " with failures (see above)")}.");
        return report.Succeeded ? 0 : 1;
    }

    private static void RunMicro(BenchContext context, BenchReport report)
    {
        Console.WriteLine(context.Profile.MicroWithBenchmarkDotNet ? "Micro-benchmarks (BenchmarkDotNet, default job, in process)" : "Micro-benchmarks (Stopwatch batches)");
        var started = Clock.Now;
        try
        {
            report.Micro.AddRange(context.Profile.MicroWithBenchmarkDotNet
                ? BenchmarkDotNetRunner.Run(Path.Combine(context.ResultsDirectory, "BenchmarkDotNet.Artifacts"))
                : QuickMicroRunner.Run(context.Profile.MicroBudget, context.Log));
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            report.MicroError = $"{ex.GetType().Name}: {ex.Message}";
            Console.WriteLine($"  FAILED: {report.MicroError}");
        }

        Console.WriteLine($"  took {Format.Number(Clock.SecondsSince(started))} s");
    }

    private static async Task<FigureResult> RunFigureAsync(BenchContext context, IFigure figure, CancellationToken cancellationToken)
    {
        Console.WriteLine($"Figure {figure.Id}: {figure.Title}");
        var result = new FigureResult { Id = figure.Id, Title = figure.Title, ComparedWith = figure.ComparedWith };
        var started = Clock.Now;
        try
        {
            await figure.RunAsync(context, result, cancellationToken);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException && !cancellationToken.IsCancellationRequested)
        {
            result.Error = $"{ex.GetType().Name}: {ex.Message}";
            Console.WriteLine($"  FAILED: {result.Error}");
        }

        result.ElapsedSeconds = Clock.SecondsSince(started);
        foreach (var goal in result.Goals)
        {
            var measured = goal.Actual is { } actual ? $"{Format.Number(actual)} {goal.Unit}" : "—";
            Console.WriteLine($"  goal {goal.Verdict.ToUpperInvariant()}: {goal.Goal}: {measured} (target {goal.Target})");
        }

        Console.WriteLine($"  took {Format.Number(result.ElapsedSeconds)} s");
        return result;
    }

    private static void Write(BenchContext context, BenchReport report, BenchOptions options)
    {
        Directory.CreateDirectory(context.ResultsDirectory);
        var json = Path.Combine(context.ResultsDirectory, "latest.json");
        File.WriteAllText(json, JsonSerializer.Serialize(report, BenchJsonContext.Default.BenchReport) + "\n");
        var markdown = Path.Combine(context.ResultsDirectory, "latest.md");
        File.WriteAllText(markdown, MarkdownReport.Render(report));
        Console.WriteLine($"Wrote {json}");
        Console.WriteLine($"Wrote {markdown}");
        if (context.UpdatesDocs)
        {
            var docs = Path.Combine(context.DocsDirectory, "benchmarks.md");
            if (DocsSection.TryUpdate(docs, MarkdownReport.Render(report, headingLevel: 2)))
            {
                Console.WriteLine($"Updated the latest-run section of {docs}");
            }
        }
    }

    private static void PrintGoals(BenchReport report)
    {
        Console.WriteLine();
        Console.WriteLine("Goals:");
        foreach (var figure in report.Figures)
        {
            if (figure.Error is not null)
            {
                Console.WriteLine($"  [{figure.Id}] FAILED: {figure.Error}");
            }

            foreach (var goal in figure.Goals)
            {
                var measured = goal.Actual is { } actual ? $"{Format.Number(actual)} {goal.Unit}" : "—";
                Console.WriteLine($"  [{figure.Id}] {goal.Verdict,-12} {goal.Goal}: {measured} (target {goal.Target})");
            }
        }
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "AgentSpec.sln")))
            {
                return directory.FullName;
            }
        }

        return Directory.GetCurrentDirectory();
    }

    private static string? GitCommit(string repositoryRoot)
    {
        try
        {
            var head = Git(repositoryRoot, "rev-parse", "--short", "HEAD");
            if (head is null)
            {
                return null;
            }

            // The harness's own outputs do not count as local changes of the code measured.
            var dirty = Git(repositoryRoot, "status", "--porcelain", "--untracked-files=no", "--", ".", ":!bench/results", ":!docs/benchmarks.md", ":!docs/benchmarks-append-latency.png");
            return string.IsNullOrWhiteSpace(dirty) ? head : head + " with local changes";
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }

    private static string? Git(string directory, params string[] arguments)
    {
        var info = new ProcessStartInfo("git") { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info);
        if (process is null)
        {
            return null;
        }

        var output = process.StandardOutput.ReadToEnd().Trim();
        process.WaitForExit();
        return process.ExitCode == 0 ? output : null;
    }

    private static void TryDelete(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException ex)
        {
            Console.WriteLine($"Could not remove the scratch directory {directory}: {ex.Message}");
        }
        catch (UnauthorizedAccessException ex)
        {
            Console.WriteLine($"Could not remove the scratch directory {directory}: {ex.Message}");
        }
    }
}
