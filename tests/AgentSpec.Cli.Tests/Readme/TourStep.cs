using System.Text.RegularExpressions;

namespace AgentSpec.Cli.Tests.Readme;

/// <summary>
/// One command of the README tour: its arguments, the example folder it runs in, the environment variables
/// the reader has exported by then, the answer typed at its confirmation prompt (if any) and the output shown.
/// </summary>
public sealed partial record TourStep(
    string CommandLine,
    IReadOnlyList<string> Arguments,
    string ExampleDirectory,
    IReadOnlyList<string> ExportedVariables,
    string? TypedAnswer,
    IReadOnlyList<string> ShownOutput)
{
    public static TourStep From(string commandLine, string exampleDirectory, IReadOnlyList<string> exportedVariables, IReadOnlyList<string> output)
    {
        var words = Words(commandLine);
        if (words.Count == 0 || words[0] != "agentspec")
        {
            throw new InvalidOperationException($"README tour: \"$ {commandLine}\" is not an agentspec command.");
        }

        var answer = output
            .Select(line => line.IndexOf(ReadmeTour.ConfirmationPrompt, StringComparison.Ordinal) is var at and >= 0 ? line[(at + ReadmeTour.ConfirmationPrompt.Length)..] : null)
            .FirstOrDefault(a => a is not null);
        return new TourStep(commandLine, [.. words.Skip(1)], exampleDirectory, exportedVariables, answer, output);
    }

    /// <summary>
    /// Plain words and "double-quoted words" only: anything else a shell would interpret (pipes, variables,
    /// escapes) would be run differently here than in the reader's shell, so it is refused.
    /// </summary>
    private static List<string> Words(string commandLine)
    {
        if (commandLine.IndexOfAny(['\'', '|', '>', '<', '#', '$', '`', '\\', ';', '&']) >= 0 || commandLine.Count(c => c == '"') % 2 != 0)
        {
            throw new InvalidOperationException($"README tour: \"$ {commandLine}\" uses shell syntax; the tour's commands are plain words and \"quoted text\".");
        }

        return Word().Matches(commandLine).Select(m => m.Groups["quoted"].Success ? m.Groups["quoted"].Value : m.Groups["plain"].Value).ToList();
    }

    [GeneratedRegex("\"(?<quoted>[^\"]*)\"|(?<plain>[^\\s\"]+)")]
    private static partial Regex Word();
}
