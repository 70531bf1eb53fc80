using System.Globalization;
using AgentSpec.Benchmarks.Generation;
using AgentSpec.Benchmarks.Infrastructure;
using AgentSpec.Benchmarks.Reporting;
using AgentSpec.Core.IntentLang;

namespace AgentSpec.Benchmarks.Figures;

/// <summary>
/// Figure 0 (issue 2's performance goal): parse, check and lower a generated 10,000-resource package,
/// the first time in this process (JIT included) and warm, next to reading the same file's bytes.
/// </summary>
internal sealed class ParseFigure : IFigure
{
    private const int Resources = 10_000;
    private const double GoalMilliseconds = 1_000;

    public string Id => "0";

    public string Title => "Parse + lower a generated 10,000-resource package";

    public string ComparedWith => "reading the same file from the page cache (File.ReadAllTextAsync), in the same run";

    public async Task RunAsync(BenchContext context, FigureResult result, CancellationToken cancellationToken)
    {
        context.Progress("parse + lower of 10,000 resources");
        var directory = context.NewDirectory("parse-10000");
        var path = Path.Combine(directory, "bench-10000.ias");
        await File.WriteAllTextAsync(path, PackageText.Generate("bench-10000", Resources), cancellationToken);

        var started = Clock.Now;
        var first = await IntentLangCompiler.CompileAsync(path, cancellationToken);
        var firstMs = Clock.MillisecondsSince(started);
        if (first.Package?.Resources.Count != Resources)
        {
            throw new InvalidOperationException($"The generated package lowered to {first.Package?.Resources.Count ?? 0} resources, not {Resources:N0}.");
        }

        var parse = new Samples();
        var read = new Samples();
        for (var run = 0; run < context.Profile.ApplyPhaseRuns; run++)
        {
            started = Clock.Now;
            await File.ReadAllTextAsync(path, cancellationToken);
            read.Add(Clock.MillisecondsSince(started));
            started = Clock.Now;
            await IntentLangCompiler.CompileAsync(path, cancellationToken);
            parse.Add(Clock.MillisecondsSince(started));
        }

        var size = new FileInfo(path).Length;
        result.Add("first run in this process (JIT included)", firstMs, "ms", $"file {Format.Bytes(size)}");
        result.Add("warm p50", parse.P50, "ms", string.Create(CultureInfo.InvariantCulture, $"median of {parse.Count}"));
        result.Add("reading the file p50", read.P50, "ms");
        result.Goals.Add(GoalResult.Below("Parse + lower of a 10,000-resource package, first run in a process (issue 2)", GoalMilliseconds, firstMs, "ms"));
        result.Notes.Add("`IntentLangCompiler.CompileAsync` on the file: lex, parse, structural and reference checks, lowering and content hashes of every resource.");
    }
}
