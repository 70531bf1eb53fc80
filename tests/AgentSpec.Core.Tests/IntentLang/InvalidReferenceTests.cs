using AgentSpec.Core.IntentLang;
using AgentSpec.Testing;

namespace AgentSpec.Core.Tests.IntentLang;

public sealed class InvalidReferenceTests
{
    [Fact]
    public async Task An_undefined_reference_gives_exactly_one_error_at_the_bad_reference_with_a_did_you_mean_hint()
    {
        var path = TestCorpus.Diagnostics("ref-undefined-prompt.ias");

        var result = await IntentLangCompiler.CompileAsync(path);

        Assert.True(result.HasErrors);
        Assert.Null(result.Package);
        var error = Assert.Single(result.Diagnostics);
        Assert.Equal(DiagnosticSeverity.Error, error.Severity);
        Assert.Equal((path, 8, 15), (error.File, error.Line, error.Column));
        Assert.Equal("prompt \"chefs\" is not defined", error.Message);
        Assert.Equal("did you mean \"chef\"?", error.Hint);
        Assert.Equal(
            $"{path}:8:15: error: prompt \"chefs\" is not defined\n  hint: did you mean \"chef\"?",
            error.ToString());
    }

    [Fact]
    public async Task Validate_reports_only_the_invalid_files_diagnostics_in_path_order()
    {
        var diagnostics = await IntentLangCompiler.ValidateAsync(
            [TestCorpus.IntentLang("starter.ias"), TestCorpus.Diagnostics("ref-undefined-prompt.ias"), TestCorpus.IntentLang("help-desk.ias")]);

        var error = Assert.Single(diagnostics);
        Assert.Equal(TestCorpus.Diagnostics("ref-undefined-prompt.ias"), error.File);
    }
}
