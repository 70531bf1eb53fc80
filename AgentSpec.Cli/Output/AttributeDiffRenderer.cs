using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using AgentSpec.Core.Planning;

namespace AgentSpec.Cli.Output;

/// <summary>
/// The per-attribute lines under an update, Terraform style (docs/cli.md, "plan"): <c>~ max_turns = 4 -> 5</c>,
/// <c>+</c>/<c>-</c> for added and removed attributes and list elements, and a compact line diff for long
/// or multi-line strings, unchanged runs hidden. Every value is sanitized: configuration text reaches the terminal.
/// </summary>
public static class AttributeDiffRenderer
{
    public const string NotRecordedMessage = "(attributes not recorded)";

    private const string Indent = "      ";
    private const int LongString = 80;

    private static readonly JsonWriterOptions DisplayJson = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static void Render(PlanAction action, TextWriter writer, Ansi ansi)
    {
        ArgumentNullException.ThrowIfNull(action);
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(ansi);
        if (action.Kind != PlanActionKind.Update)
        {
            return;
        }

        if (!action.HasRecordedAttributes)
        {
            // A retry (failed or pending entry) is explained by its reason line; only a content change hides something.
            if (action.ContentChanged)
            {
                writer.WriteLine(Indent + ansi.Dim(NotRecordedMessage));
            }

            return;
        }

        var diffs = action.AttributeChanges;
        var width = diffs.Count == 0 ? 0 : diffs.Max(d => d.Path.Length);
        foreach (var diff in diffs)
        {
            var path = TerminalText.Sanitize(diff.Path);
            var padded = path.PadRight(width);
            switch (diff.Kind)
            {
                case AttributeDiffKind.Added:
                    writer.WriteLine(Indent + ansi.Green($"+ {padded} = {Value(diff.After)}"));
                    break;
                case AttributeDiffKind.Removed:
                    writer.WriteLine(Indent + ansi.Red($"- {padded} = {Value(diff.Before)}"));
                    break;
                case AttributeDiffKind.Changed when diff.Before is JsonArray before && diff.After is JsonArray after:
                    writer.WriteLine(Indent + ansi.Yellow($"~ {path} = ["));
                    WriteSequence(writer, ansi, before.Select(Value).ToList(), after.Select(Value).ToList(), ",", "element");
                    writer.WriteLine(Indent + "  ]");
                    break;
                case AttributeDiffKind.Changed when TextOf(diff.Before) is { } oldText && TextOf(diff.After) is { } newText && IsLong(oldText, newText):
                    writer.WriteLine(Indent + ansi.Yellow($"~ {path} = <<-EOT"));
                    WriteSequence(writer, ansi, Lines(oldText), Lines(newText), string.Empty, "line");
                    writer.WriteLine(Indent + "  EOT");
                    break;
                default:
                    writer.WriteLine(Indent + ansi.Yellow($"~ {padded} = {Value(diff.Before)} -> {Value(diff.After)}"));
                    break;
            }
        }
    }

    private static void WriteSequence(TextWriter writer, Ansi ansi, IReadOnlyList<string> before, IReadOnlyList<string> after, string separator, string unit)
    {
        var unchanged = 0;
        foreach (var (op, text) in SequenceDiff.Compute(before, after))
        {
            if (op == ' ')
            {
                unchanged++;
                continue;
            }

            Hidden(writer, ansi, ref unchanged, unit);
            var line = $"{Indent}    {op} {text}{separator}";
            writer.WriteLine(op == '+' ? ansi.Green(line) : ansi.Red(line));
        }

        Hidden(writer, ansi, ref unchanged, unit);
    }

    private static void Hidden(TextWriter writer, Ansi ansi, ref int unchanged, string unit)
    {
        if (unchanged > 0)
        {
            var noun = unchanged == 1 ? unit : unit + "s";
            writer.WriteLine(Indent + "      " + ansi.Dim(string.Create(CultureInfo.InvariantCulture, $"# ({unchanged} unchanged {noun} hidden)")));
            unchanged = 0;
        }
    }

    private static string? TextOf(JsonNode? node) =>
        node is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    private static bool IsLong(string before, string after) =>
        before.Contains('\n', StringComparison.Ordinal) || after.Contains('\n', StringComparison.Ordinal)
        || before.Length > LongString || after.Length > LongString;

    private static List<string> Lines(string text) =>
        [.. text.ReplaceLineEndings("\n").Split('\n').Select(line => TerminalText.Sanitize(line))];

    /// <summary>One value on one line as compact JSON; JSON already escapes control characters, the sanitizer catches the rest.</summary>
    private static string Value(JsonNode? node)
    {
        if (node is null)
        {
            return "null";
        }

        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, DisplayJson))
        {
            node.WriteTo(json);
        }

        return TerminalText.Sanitize(Encoding.UTF8.GetString(buffer.ToArray()));
    }
}
