using System.Text.RegularExpressions;

namespace AgentSpec.Cli.Tests.Readme;

/// <summary>One command of the tour: its arguments, the answer typed at its confirmation prompt (if any) and the output shown.</summary>
public sealed record TourStep(string CommandLine, IReadOnlyList<string> Arguments, string? TypedAnswer, IReadOnlyList<string> ShownOutput);

/// <summary>
/// The CLI tour of README.md ("A 5-minute tour of the CLI"), read the way a reader follows it: the example
/// folder of its <c>cd examples/…</c> line, then every <c>```console</c> block, where a line starting with
/// <c>$ </c> is a command and the lines after it, up to the next command or the block's end, are its output.
/// Other blocks (<c>```bash</c>, <c>```text</c>) are not transcripts and are not run.
/// </summary>
public sealed partial class ReadmeTour
{
    public const string SectionHeading = "## A 5-minute tour of the CLI";

    /// <summary>The confirmation question; in a terminal the typed answer appears after it on the same line.</summary>
    public const string ConfirmationPrompt = "Only 'yes' will be accepted: ";

    private ReadmeTour(string exampleDirectory, IReadOnlyList<TourStep> steps)
    {
        ExampleDirectory = exampleDirectory;
        Steps = steps;
    }

    /// <summary>The folder the tour works in, relative to the repository root (<c>examples/record-only</c>).</summary>
    public string ExampleDirectory { get; }

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

        string? exampleDirectory = null;
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
                continue;
            }

            if (fence == "bash" && CdLine().Match(line) is { Success: true } cd)
            {
                exampleDirectory = cd.Groups["dir"].Value;
            }
            else if (fence == "console" && line.StartsWith("$ ", StringComparison.Ordinal))
            {
                Flush();
                command = line[2..];
            }
            else if (fence == "console")
            {
                if (command is null)
                {
                    throw new InvalidOperationException($"README tour: console block output without a `$ ` command before it: \"{line}\".");
                }

                output.Add(line);
            }
        }

        return new ReadmeTour(
            exampleDirectory ?? throw new InvalidOperationException("README tour: no `cd examples/…` line says where the tour runs."),
            steps);

        void Flush()
        {
            if (command is not null)
            {
                steps.Add(Step(command, output));
            }

            command = null;
            output = [];
        }
    }

    private static TourStep Step(string commandLine, List<string> output)
    {
        // Plain words only: the tour needs no quoting, and a quote here would be run differently than a shell runs it.
        if (commandLine.IndexOfAny(['"', '\'', '|', '>', '<', '#', '$', '`']) >= 0)
        {
            throw new InvalidOperationException($"README tour: \"$ {commandLine}\" uses shell syntax; the tour's commands are plain `agentspec` words.");
        }

        var words = commandLine.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (words.Length == 0 || words[0] != "agentspec")
        {
            throw new InvalidOperationException($"README tour: \"$ {commandLine}\" is not an agentspec command.");
        }

        var answer = output
            .Select(line => line.IndexOf(ConfirmationPrompt, StringComparison.Ordinal) is var at and >= 0 ? line[(at + ConfirmationPrompt.Length)..] : null)
            .FirstOrDefault(a => a is not null);
        return new TourStep(commandLine, words[1..], answer, output);
    }

    [GeneratedRegex(@"^cd (?<dir>examples/[A-Za-z0-9_-]+)$")]
    private static partial Regex CdLine();
}
