using AgentSpec.Core.IntentLang;

namespace AgentSpec.Core.Tests.IntentLang;

public sealed class DiagnosticTests
{
    [Fact]
    public void Formats_like_a_compiler_message_with_an_optional_hint_line()
    {
        var withHint = new Diagnostic("a/b.ias", 3, 14, DiagnosticSeverity.Error, "skill \"x\" is not defined", "did you mean \"y\"?");
        var warning = new Diagnostic("b.ias", 1, 2, DiagnosticSeverity.Warning, "careful");
        var wholeFile = new Diagnostic("dir", 0, 0, DiagnosticSeverity.Error, "the directory contains no .ias files");

        Assert.Equal("a/b.ias:3:14: error: skill \"x\" is not defined\n  hint: did you mean \"y\"?", withHint.ToString());
        Assert.Equal("b.ias:1:2: warning: careful", warning.ToString());
        Assert.Equal("dir: error: the directory contains no .ias files", wholeFile.ToString());
        Assert.Equal(("error", "warning"), (withHint.SeverityName, warning.SeverityName));
    }

    [Fact]
    public void Diagnostics_come_back_sorted_by_position()
    {
        var result = Source.Compile(Source.Header + """
            agent "b" {
              model "m"
              uses skill "nope"
              temperature 9
            }
            prompt "p" {
            }
            """);

        var positions = result.Diagnostics.Select(d => (d.Line, d.Column)).ToList();
        Assert.Equal(3, positions.Count);
        Assert.Equal(positions.Order(), positions);
    }

    [Fact]
    public void Warnings_alone_do_not_stop_lowering()
    {
        var result = Source.Compile(Source.Header + "prompt \"p\" {\n  content \"C:\\temp\\data\"\n}\n");

        var warning = Assert.Single(result.Diagnostics);
        Assert.Equal(DiagnosticSeverity.Warning, warning.Severity);
        Assert.False(result.HasErrors);
        Assert.NotNull(result.Package);
    }
}
