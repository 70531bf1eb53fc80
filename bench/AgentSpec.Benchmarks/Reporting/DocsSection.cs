namespace AgentSpec.Benchmarks.Reporting;

/// <summary>Replaces the generated part of docs/benchmarks.md (between two HTML comments) with the latest tables.</summary>
internal static class DocsSection
{
    public const string Start = "<!-- latest-run:start (written by bench/AgentSpec.Benchmarks; do not edit by hand) -->";
    public const string End = "<!-- latest-run:end -->";

    /// <returns>False when the file or its markers are missing (nothing is written then).</returns>
    public static bool TryUpdate(string path, string markdown)
    {
        if (!File.Exists(path))
        {
            return false;
        }

        var text = File.ReadAllText(path);
        var start = text.IndexOf(Start, StringComparison.Ordinal);
        var end = text.IndexOf(End, StringComparison.Ordinal);
        if (start < 0 || end < start)
        {
            return false;
        }

        var updated = text[..(start + Start.Length)] + "\n\n" + markdown.TrimEnd() + "\n\n" + text[end..];
        File.WriteAllText(path, updated);
        return true;
    }
}
