using System.Globalization;
using System.Text;

namespace AgentSpec.Benchmarks.Reporting;

/// <summary>Renders <c>bench/results/latest.md</c>: the goals first, then one table per figure, then the micro-benchmarks.</summary>
internal static class MarkdownReport
{
    public static string Render(BenchReport report, int headingLevel = 1)
    {
        var h1 = new string('#', headingLevel);
        var h2 = new string('#', headingLevel + 1);
        var text = new StringBuilder();
        Line(text, $"{h1} AgentSpec benchmarks: latest run");
        Line(text);
        DescribeRun(text, report);
        Line(text);
        Line(text, $"{h2} Goals");
        Line(text);
        Line(text, "| Figure | Goal | Target | Measured | Verdict |");
        Line(text, "|---|---|---|---|---|");
        foreach (var figure in report.Figures)
        {
            foreach (var goal in figure.Goals)
            {
                var measured = goal.Actual is { } actual ? $"{Format.Number(actual)} {goal.Unit}".TrimEnd() : "—";
                Line(text, $"| {figure.Id} | {Cell(goal.Goal)} | {Cell(goal.Target)} | {measured} | **{goal.Verdict}**{(goal.Explanation is null ? string.Empty : ": " + Cell(goal.Explanation))} |");
            }
        }

        foreach (var figure in report.Figures)
        {
            Line(text);
            Line(text, $"{h2} {figure.Id}. {figure.Title}");
            Line(text);
            Line(text, $"Compared with: {figure.ComparedWith}. Took {Format.Number(figure.ElapsedSeconds)} s.");
            Line(text);
            if (figure.Error is not null)
            {
                Line(text, $"**The figure failed:** {Cell(figure.Error)}");
                Line(text);
            }

            if (figure.Measurements.Count > 0)
            {
                Line(text, "| Measurement | Value | Unit | Detail |");
                Line(text, "|---|---:|---|---|");
                foreach (var measurement in figure.Measurements)
                {
                    Line(text, $"| {Cell(measurement.Name)} | {Format.Number(measurement.Value)} | {measurement.Unit} | {Cell(measurement.Detail ?? string.Empty)} |");
                }
            }

            if (figure.Notes.Count > 0)
            {
                Line(text);
                foreach (var note in figure.Notes)
                {
                    Line(text, $"- {note}");
                }
            }
        }

        Line(text);
        Line(text, $"{h2} Micro-benchmarks");
        Line(text);
        if (report.MicroError is not null)
        {
            Line(text, $"**The micro-benchmarks failed:** {Cell(report.MicroError)}");
            Line(text);
        }

        if (report.Micro.Count > 0)
        {
            Line(text, "| Benchmark | One operation | Mean | Median | Allocated | Method |");
            Line(text, "|---|---|---:|---:|---:|---|");
            foreach (var micro in report.Micro)
            {
                Line(text, $"| {micro.Name} | {Cell(micro.Description)} | {Format.Duration(micro.MeanNanoseconds)} | {Format.Duration(micro.MedianNanoseconds)} | {Format.Bytes(micro.AllocatedBytes)} | {micro.Method} ({micro.Operations.ToString("#,0", CultureInfo.InvariantCulture)} ops) |");
            }
        }
        else if (report.MicroError is null)
        {
            Line(text, "Not run (`--only` left them out).");
        }

        return text.ToString();
    }

    private static void DescribeRun(StringBuilder text, BenchReport report)
    {
        var machine = report.Machine;
        Line(text, $"- Profile: **{report.Profile}** (`{report.CommandLine}`), started {report.StartedAt.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} UTC, took {Format.Number(report.TotalSeconds)} s{(report.Commit is null ? string.Empty : $", commit `{report.Commit}`")}.");
        Line(text, $"- Machine: {machine.Cores} cores ({machine.Cpu}), {Format.Number(machine.MemoryGiB)} GiB memory, {machine.OperatingSystem}, .NET {machine.DotnetVersion}, {machine.Build} build.");
        Line(text, $"- Disk: work directory `{machine.WorkDirectory}` on {machine.WorkFilesystem}.");
        Line(text, $"- Load average (1, 5, 15 min): {machine.LoadAverageAtStart} at the start, {machine.LoadAverageAtEnd ?? "n/a"} at the end. {LoadComment(machine)}");
        if (machine.RedisServer is not null)
        {
            Line(text, $"- Redis: {machine.RedisServer}.");
        }
    }

    private static string LoadComment(MachineDescription machine)
    {
        var first = machine.LoadAverageAtStart.Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
        if (first is not null && double.TryParse(first, NumberStyles.Float, CultureInfo.InvariantCulture, out var load) && load > machine.Cores * 0.5)
        {
            return $"Other work was running on this {machine.Cores}-core machine while it was measured: absolute numbers are pessimistic, which is why every figure is a ratio to a floor or peer measured in the same run.";
        }

        return "The machine was mostly idle when the run started.";
    }

    private static string Cell(string value) => value.Replace("|", "\\|", StringComparison.Ordinal).ReplaceLineEndings(" ");

    private static void Line(StringBuilder text, string line = "") => text.Append(line).Append('\n');
}
