using System.Globalization;
using ScottPlot;

namespace AgentSpec.Benchmarks.Figures;

/// <summary>The PNG of figure 4: append p50 against history length for both stores, log-log.</summary>
internal static class AppendLatencyPlot
{
    public static void Write(string path, IReadOnlyList<int> history, IReadOnlyList<double> oursMicroseconds, IReadOnlyList<double> naiveMicroseconds, string subtitle)
    {
        var plot = new Plot();
        var xs = history.Select(h => Math.Log10(h)).ToArray();
        var ours = plot.Add.Scatter(xs, oursMicroseconds.Select(Math.Log10).ToArray());
        ours.LegendText = "AgentSpec RedisSessionStore (one atomic Lua script: RPUSH + TTL)";
        ours.LineWidth = 2;
        ours.MarkerSize = 9;
        var naive = plot.Add.Scatter(xs, naiveMicroseconds.Select(Math.Log10).ToArray());
        naive.LegendText = "naive read-modify-write (GET whole JSON array, append, SET)";
        naive.LineWidth = 2;
        naive.MarkerSize = 9;
        naive.LinePattern = LinePattern.Dashed;
        Label(plot, xs, oursMicroseconds, ours.Color, Alignment.UpperCenter);
        Label(plot, xs, naiveMicroseconds, naive.Color, Alignment.LowerCenter);

        plot.Axes.Bottom.TickGenerator = LogTicks();
        plot.Axes.Left.TickGenerator = LogTicks();
        plot.Title($"Session append latency (p50) vs history length\n{subtitle}");
        plot.XLabel("messages already in the session");
        plot.YLabel("append p50 (µs, log scale)");
        plot.ShowLegend(Alignment.UpperLeft);
        var low = Math.Log10(Math.Min(oursMicroseconds.Min(), naiveMicroseconds.Min()));
        var high = Math.Log10(Math.Max(oursMicroseconds.Max(), naiveMicroseconds.Max()));
        plot.Axes.SetLimits(xs.Min() - 0.3, xs.Max() + 0.3, Math.Floor(low) - 0.2, Math.Ceiling(high) + 0.6);
        plot.SavePng(path, 1000, 620);
    }

    private static void Label(Plot plot, double[] xs, IReadOnlyList<double> values, Color color, Alignment alignment)
    {
        for (var i = 0; i < xs.Length; i++)
        {
            var text = plot.Add.Text(Micro(values[i]), xs[i], Math.Log10(values[i]));
            text.LabelFontColor = color;
            text.LabelFontSize = 13;
            text.LabelAlignment = alignment;
            text.OffsetY = alignment == Alignment.UpperCenter ? 8 : -8;
        }
    }

    private static string Micro(double microseconds) => microseconds >= 10_000
        ? (microseconds / 1000).ToString("#,0", CultureInfo.InvariantCulture) + " ms"
        : microseconds.ToString("#,0", CultureInfo.InvariantCulture) + " µs";

    private static ScottPlot.TickGenerators.NumericAutomatic LogTicks() => new()
    {
        MinorTickGenerator = new ScottPlot.TickGenerators.LogMinorTickGenerator(),
        IntegerTicksOnly = true,
        LabelFormatter = value => Math.Pow(10, value).ToString("#,0", CultureInfo.InvariantCulture),
    };
}
