using System.Globalization;
using System.Text;

namespace AgentSpec.Core.IntentLang;

/// <summary>
/// One finding about IntentLang input, positioned like a compiler message: <see cref="Line"/> and
/// <see cref="Column"/> are 1-based (columns count Unicode code points, tabs count one). A diagnostic
/// about a whole file or path (missing file, package mismatch across files) has line and column 0.
/// </summary>
public sealed record Diagnostic(
    string File,
    int Line,
    int Column,
    DiagnosticSeverity Severity,
    string Message,
    string? Hint = null)
{
    /// <summary>"error" or "warning", as printed and as written to JSON output.</summary>
    public string SeverityName => Severity == DiagnosticSeverity.Error ? "error" : "warning";

    public bool IsError => Severity == DiagnosticSeverity.Error;

    /// <summary>
    /// <c>file:line:col: error: message</c>, followed by <c>\n  hint: …</c> when there is a hint
    /// (<c>file: error: message</c> when the diagnostic has no position).
    /// </summary>
    public override string ToString()
    {
        var text = new StringBuilder(File.Length + Message.Length + 32);
        text.Append(File);
        if (Line > 0)
        {
            text.Append(':').Append(Line.ToString(CultureInfo.InvariantCulture))
                .Append(':').Append(Column.ToString(CultureInfo.InvariantCulture));
        }

        text.Append(": ").Append(SeverityName).Append(": ").Append(Message);
        if (!string.IsNullOrEmpty(Hint))
        {
            text.Append("\n  hint: ").Append(Hint);
        }

        return text.ToString();
    }
}
