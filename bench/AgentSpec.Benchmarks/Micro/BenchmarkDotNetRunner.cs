using AgentSpec.Benchmarks.Reporting;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Exporters;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Loggers;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace AgentSpec.Benchmarks.Micro;

/// <summary>
/// The full pass of the micro-benchmarks: BenchmarkDotNet's default job (at most 30 iterations), in process (a generated
/// out-of-process project would inherit this repository's build settings and package pinning).
/// </summary>
internal static class BenchmarkDotNetRunner
{
    public static List<MicroResult> Run(string artifactsDirectory)
    {
        var config = ManualConfig.CreateEmpty()
            // Default job, but at most 30 measured iterations: on a busy machine BenchmarkDotNet would
            // otherwise go on to 100 per benchmark chasing a confidence interval the noise never gives.
            .AddJob(Job.Default.WithToolchain(InProcessEmitToolchain.Instance).WithMaxIterationCount(30))
            .AddColumnProvider(DefaultColumnProviders.Instance)
            .AddDiagnoser(MemoryDiagnoser.Default)
            .AddLogger(ConsoleLogger.Default)
            .AddExporter(MarkdownExporter.GitHub)
            .WithArtifactsPath(artifactsDirectory);
        var summary = BenchmarkRunner.Run<MicroBenchmarks>(config);
        var results = new List<MicroResult>();
        foreach (var report in summary.Reports)
        {
            var name = report.BenchmarkCase.Descriptor.WorkloadMethod.Name;
            var statistics = report.ResultStatistics
                ?? throw new InvalidOperationException($"BenchmarkDotNet produced no result for {name}; see {artifactsDirectory}.");
            var allocated = report.GcStats.GetBytesAllocatedPerOperation(report.BenchmarkCase);
            var operations = report.AllMeasurements
                .Where(m => m.IterationMode == IterationMode.Workload && m.IterationStage == IterationStage.Result)
                .Sum(m => m.Operations);
            results.Add(new MicroResult(name, MicroBenchmarks.Descriptions[name], statistics.Mean, statistics.Median, allocated, operations, "BenchmarkDotNet"));
        }

        return results;
    }
}
