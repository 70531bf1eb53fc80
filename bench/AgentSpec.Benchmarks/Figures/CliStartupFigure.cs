using System.Diagnostics;
using System.Globalization;
using AgentSpec.Benchmarks.Generation;
using AgentSpec.Benchmarks.Infrastructure;
using AgentSpec.Benchmarks.Reporting;

namespace AgentSpec.Benchmarks.Figures;

/// <summary>
/// Figure 8 (issue 12's start-up goals): whole <c>agentspec</c> processes, the Native AOT executable side by
/// side with the JIT build (<c>dotnet agentspec.dll</c>) in the same run, alternating run by run:
/// <c>validate</c> of examples/record-only and <c>plan</c> of a generated 10,000-resource package.
/// </summary>
internal sealed class CliStartupFigure : IFigure
{
    private const int Resources = 10_000;
    private const double ValidateGoalMilliseconds = 60;
    private const double PlanGoalMilliseconds = 250;
    private static readonly TimeSpan PublishTimeout = TimeSpan.FromMinutes(15);

    public string Id => "8";

    public string Title => "CLI start-up: `validate` of the example and `plan` of 10,000 resources, Native AOT vs JIT";

    public string ComparedWith => "the JIT build of the same commit (`dotnet agentspec.dll`), the two alternating run by run";

    public async Task RunAsync(BenchContext context, FigureResult result, CancellationToken cancellationToken)
    {
        var native = context.Options.CliNative ?? await PublishNativeAsync(context, result, cancellationToken);
        var example = Path.Combine(context.RepositoryRoot, "examples", "record-only");
        var large = context.NewDirectory("plan-10000");
        await File.WriteAllTextAsync(Path.Combine(large, "bench-10000.ias"), PackageText.Generate("bench-10000", Resources), cancellationToken);

        var runs = context.Profile.StartupRuns;
        var validate = await CompareAsync(context, "validate", example, ["validate"], expectedExit: 0, native, runs, cancellationToken);
        // No state yet: every resource is a create, so the plan prints 10,000 lines and exits 2 (changes).
        var plan = await CompareAsync(context, "plan of 10,000 resources", large, ["plan"], expectedExit: 2, native, runs, cancellationToken);

        var median = string.Create(CultureInfo.InvariantCulture, $"median of {runs}");
        result.Add("`validate` of the example: Native AOT", validate.Native.P50, "ms", median);
        result.Add("`validate` of the example: JIT", validate.Jit.P50, "ms", median);
        result.Add("`validate`: JIT / Native AOT", validate.Jit.P50 / validate.Native.P50, "×");
        result.Add("`validate` CPU time (user + system): Native AOT", validate.NativeCpu.P50, "ms", median);
        result.Add("`validate` CPU time (user + system): JIT", validate.JitCpu.P50, "ms", median);
        result.Add("`plan` of 10,000 resources: Native AOT", plan.Native.P50, "ms", median);
        result.Add("`plan` of 10,000 resources: JIT", plan.Jit.P50, "ms", median);
        result.Add("`plan`: JIT / Native AOT", plan.Jit.P50 / plan.Native.P50, "×");
        result.Add("`plan` CPU time (user + system): Native AOT", plan.NativeCpu.P50, "ms", median);
        result.Add("`plan` CPU time (user + system): JIT", plan.JitCpu.P50, "ms", median);
        result.Goals.Add(GoalResult.AtMost("`agentspec validate` of the example, whole process, Native AOT (issue 12)", ValidateGoalMilliseconds, validate.Native.P50, "ms"));
        result.Goals.Add(GoalResult.AtMost("`agentspec plan` of a 10,000-resource package, whole process, Native AOT (issue 12)", PlanGoalMilliseconds, plan.Native.P50, "ms"));
        result.Notes.Add("Wall time from process start to exit, output read through pipes, no OTLP endpoint (so neither build starts the host: docs/cli.md, \"Start-up\"). The example is examples/record-only (4 resources); the 10,000-resource package is the generator's (one tenth prompts, three tenths skills, the rest agents) with no state, so the plan lists 10,000 creates.");
        result.Notes.Add("CPU time is the process's user + system time (getrusage of the finished child): the work it did, whatever else the machine was running. On a loaded machine the wall time is the CPU time plus the wait for a core, so compare the CPU rows when the load average is high.");
        result.Notes.Add("The native executable is published by this figure (`dotnet publish AgentSpec.Cli -c Release -r linux-x64`), which needs the C toolchain (gcc or clang); pass `--cli-native PATH` to measure one published before.");
    }

    private static async Task<Comparison> CompareAsync(
        BenchContext context, string name, string directory, string[] arguments, int expectedExit, string native, int runs, CancellationToken cancellationToken)
    {
        var comparison = new Comparison();
        for (var run = -1; run < runs; run++)
        {
            // One unmeasured run of each first: the page cache then holds both builds and the package.
            context.Progress(run < 0 ? $"{name}: warm-up" : $"{name}: run {run + 1}/{runs}");
            var (nativeMs, nativeCpu) = await RunAsync(native, directory, arguments, expectedExit, cancellationToken);
            var (jitMs, jitCpu) = await RunAsync(context.CliDll, directory, arguments, expectedExit, cancellationToken);
            if (run >= 0)
            {
                comparison.Native.Add(nativeMs);
                comparison.NativeCpu.Add(nativeCpu);
                comparison.Jit.Add(jitMs);
                comparison.JitCpu.Add(jitCpu);
            }
        }

        return comparison;
    }

    private static async Task<(double WallMs, double CpuMs)> RunAsync(string cli, string directory, string[] arguments, int expectedExit, CancellationToken cancellationToken)
    {
        var cpuBefore = ChildCpuTime.Milliseconds();
        var run = await AgentSpecCli.RunAsync(cli, directory, arguments, cancellationToken);
        var cpu = ChildCpuTime.Milliseconds() - cpuBefore;
        if (run.ExitCode != expectedExit)
        {
            throw new InvalidOperationException($"{cli} {string.Join(' ', arguments)} exited {run.ExitCode}, not {expectedExit}: {run}");
        }

        return (run.Seconds * 1000, cpu);
    }

    private static async Task<string> PublishNativeAsync(BenchContext context, FigureResult result, CancellationToken cancellationToken)
    {
        var output = context.NewDirectory("cli-native");
        context.Progress("publishing the Native AOT CLI (dotnet publish -r linux-x64)");
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "publish", Path.Combine(context.RepositoryRoot, "AgentSpec.Cli", "AgentSpec.Cli.csproj"), "-c", "Release", "-r", "linux-x64", "-o", output, "-nologo" })
        {
            info.ArgumentList.Add(argument);
        }

        var started = Clock.Now;
        using var process = Process.Start(info) ?? throw new InvalidOperationException("Could not start dotnet publish.");
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await ChildExit.WaitAsync(process, PublishTimeout, "dotnet publish of the Native AOT CLI", cancellationToken);

        var executable = Path.Combine(output, "agentspec");
        if (process.ExitCode != 0 || !File.Exists(executable))
        {
            throw new InvalidOperationException($"dotnet publish of the Native AOT CLI failed (exit {process.ExitCode}); it needs gcc or clang (docs/cli.md, \"Start-up\"):\n{await stdout}\n{await stderr}");
        }

        result.Add("Native AOT publish of the CLI (not part of any goal)", Clock.SecondsSince(started), "s", $"executable {Format.Bytes(new FileInfo(executable).Length)}");
        return executable;
    }

    /// <summary>Wall and CPU milliseconds of each build, run by run.</summary>
    private sealed class Comparison
    {
        public Samples Native { get; } = new();

        public Samples Jit { get; } = new();

        public Samples NativeCpu { get; } = new();

        public Samples JitCpu { get; } = new();
    }
}
