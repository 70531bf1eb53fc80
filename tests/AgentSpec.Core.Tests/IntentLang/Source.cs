using AgentSpec.Core.IntentLang;

namespace AgentSpec.Core.Tests.IntentLang;

/// <summary>
/// Builds test sources. A <c>⟦</c> in a snippet marks where a diagnostic must point; it is removed and its
/// line and column are computed here, independently of the lexer.
/// </summary>
internal static class Source
{
    public const string Marker = "⟦";
    public const string FileName = "test.ias";
    public const string Header = "package \"t\" version \"0.1.0\" lang \"2.0\"\n";

    public static (string Text, int Line, int Column) Marked(string marked)
    {
        var at = marked.IndexOf(Marker, StringComparison.Ordinal);
        Assert.True(at >= 0, "the snippet has no ⟦ marker");
        var before = marked[..at];
        var line = before.Count(c => c == '\n') + 1;
        var column = at - (before.LastIndexOf('\n') + 1) + 1;
        return (marked.Remove(at, Marker.Length), line, column);
    }

    public static CompilationResult Compile(string text) => IntentLangCompiler.Compile(FileName, text);

    /// <summary>Compiles a marked snippet and returns its only error, checking that it sits at the marker.</summary>
    public static Diagnostic SingleErrorAtMarker(string marked)
    {
        var (text, line, column) = Marked(marked);
        var result = Compile(text);
        var errors = result.Errors.ToList();
        Assert.True(errors.Count == 1, $"expected exactly one error, got:\n{string.Join("\n", result.Diagnostics)}\n--- source ---\n{text}");
        var error = errors[0];
        Assert.True(
            (error.Line, error.Column) == (line, column),
            $"expected the error at {line}:{column}, got {error}\n--- source ---\n{text}");
        Assert.Equal(FileName, error.File);
        Assert.Null(result.Package);
        return error;
    }
}
