using System.Text.RegularExpressions;

namespace AgentSpec.Cli.Tests.Readme;

/// <summary>
/// The CLI tour of README.md ("A 5-minute tour of the CLI"), read the way a reader follows it: <c>```bash</c>
/// blocks change the folder (<c>cd examples/…</c>, <c>cd ../…</c>) and export the runtime's variables;
/// in every <c>```console</c> block a line starting with <c>$ </c> is a command and the lines after it, up to
/// the next command or the block's end, are its output. <c>```text</c> blocks are not transcripts.
/// </summary>
public sealed partial class ReadmeTour
{
    public const string SectionHeading = "## A 5-minute tour of the CLI";

    /// <summary>The confirmation question; in a terminal the typed answer appears after it on the same line.</summary>
    public const string ConfirmationPrompt = "Only 'yes' will be accepted: ";

    private ReadmeTour(IReadOnlyList<TourStep> steps)
    {
        Steps = steps;
    }

    public IReadOnlyList<TourStep> Steps { get; }

    public static ReadmeTour Parse(string readme)
    {
        var lines = readme.ReplaceLineEndings("\n").Split('\n');
        var start = Array.IndexOf(lines, SectionHeading);
        if (start < 0)
        {
            throw new InvalidOperationException($"README.md has no \"{SectionHeading}\" section.");
        }

        var end = Array.FindIndex(lines, start + 1, l => l.StartsWith("## ", StringComparison.Ordinal));
        var section = lines[(start + 1)..(end < 0 ? lines.Length : end)];

        string? example = null;
        IReadOnlyList<string> exported = [];
        var steps = new List<TourStep>();
        string? fence = null;
        string? command = null;
        var output = new List<string>();
        foreach (var line in section)
        {
            if (fence is null)
            {
                if (line.StartsWith("```", StringComparison.Ordinal))
                {
                    fence = line[3..].Trim();
                }

                continue;
            }

            if (line.StartsWith("```", StringComparison.Ordinal))
            {
                Flush();
                fence = null;
            }
            else if (fence == "bash" && CdLine().Match(line) is { Success: true } cd)
            {
                example = $"examples/{cd.Groups["dir"].Value}";
            }
            else if (fence == "bash" && line.StartsWith("export ", StringComparison.Ordinal))
            {
                exported = ExportedName().Matches(line).Select(m => m.Groups["name"].Value).ToList();
            }
            else if (fence == "console" && line.StartsWith("$ ", StringComparison.Ordinal))
            {
                Flush();
                command = line[2..];
            }
            else if (fence == "console")
            {
                output.Add(command is null
                    ? throw new InvalidOperationException($"README tour: console block output without a `$ ` command before it: \"{line}\".")
                    : line);
            }
        }

        return new ReadmeTour(steps);

        void Flush()
        {
            if (command is not null)
            {
                steps.Add(TourStep.From(
                    command,
                    example ?? throw new InvalidOperationException($"README tour: \"$ {command}\" comes before any `cd examples/…` line says where it runs."),
                    exported,
                    output));
            }

            command = null;
            output = [];
        }
    }

    [GeneratedRegex(@"^cd (?:examples/|\.\./)(?<dir>[A-Za-z0-9_-]+)$")]
    private static partial Regex CdLine();

    [GeneratedRegex(@"(?<name>[A-Z_][A-Z0-9_]*)=")]
    private static partial Regex ExportedName();
}
