using System.Text.RegularExpressions;

namespace AgentSpec.Cli.Tests.Readme;

/// <summary>
/// Turns what a command printed into what the README shows, and normalises both sides of the comparison.
/// The normalisation is deliberately small: only what legitimately differs from run to run or machine to machine.
/// </summary>
public static partial class TourTranscript
{
    /// <summary>The checkout the README's paths pretend the reader has.</summary>
    public const string ReadmeCheckout = "/home/you/agentspec-dotnet";

    /// <summary>
    /// Stdout as a terminal shows it: the answer the reader types is echoed after the confirmation prompt
    /// (the test pipes it, and a pipe does not echo), then the CLI's own line break follows.
    /// </summary>
    public static string AsTerminalShowsIt(string stdout, string? typedAnswer) =>
        typedAnswer is null
            ? stdout
            : stdout.Replace(ReadmeTour.ConfirmationPrompt + "\n", ReadmeTour.ConfirmationPrompt + typedAnswer + "\n\n", StringComparison.Ordinal);

    /// <summary>The printed text as lines, with the temporary checkout shown as the README's (<see cref="ReadmeCheckout"/>).</summary>
    public static IReadOnlyList<string> Lines(string stdout, string checkout)
    {
        var text = stdout.ReplaceLineEndings("\n").Replace(checkout, ReadmeCheckout, StringComparison.Ordinal);
        if (text.EndsWith('\n'))
        {
            text = text[..^1];
        }

        return text.Length == 0 ? [] : text.Split('\n');
    }

    /// <summary>
    /// Timestamps (<c>2026-12-04 23:21:55Z</c>), the state's lineage id and session ids differ in every run;
    /// trailing blanks are padding of table cells that a Markdown file does not keep.
    /// </summary>
    public static string Normalize(string line) =>
        SessionId().Replace(Lineage().Replace(Timestamp().Replace(line, "<timestamp>"), "<lineage>"), "<session>").TrimEnd();

    /// <summary>The first session id in <paramref name="lines"/>, if any.</summary>
    public static string? FirstSessionId(IEnumerable<string> lines) =>
        lines.Select(line => SessionId().Match(line)).FirstOrDefault(m => m.Success)?.Value;

    [GeneratedRegex(@"\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}Z")]
    private static partial Regex Timestamp();

    [GeneratedRegex(@"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")]
    private static partial Regex Lineage();

    [GeneratedRegex(@"sess_[A-Za-z0-9_-]+")]
    private static partial Regex SessionId();
}
