using AgentSpec.Benchmarks.Reporting;

namespace AgentSpec.Benchmarks.Figures;

/// <summary>One end-to-end figure of issue 6, always measured together with its floor or peer.</summary>
internal interface IFigure
{
    /// <summary>"0" to "6": 1-6 as in issue 6, 0 for issue 2's parse goal and in <c>--only</c>.</summary>
    string Id { get; }

    string Title { get; }

    string ComparedWith { get; }

    /// <summary>Measures into <paramref name="result"/>; an exception marks the figure as failed.</summary>
    Task RunAsync(BenchContext context, FigureResult result, CancellationToken cancellationToken);
}
