using AgentSpec.Core.IntentLang;
using AgentSpec.Testing;

namespace AgentSpec.Core.Tests.IntentLang;

public sealed class InvalidReferenceTests
{
    [Fact]
    public async Task Invalid_ref_fixture_gives_exactly_one_error_at_the_bad_reference_with_a_did_you_mean_hint()
    {
        var path = Fixtures.IntentLang("invalid_ref.ias");

        var result = await IntentLangCompiler.CompileAsync(path);

        Assert.True(result.HasErrors);
        Assert.Null(result.Package);
        var error = Assert.Single(result.Diagnostics);
        Assert.Equal(DiagnosticSeverity.Error, error.Severity);
        Assert.Equal((path, 22, 14), (error.File, error.Line, error.Column));
        Assert.Equal("skill \"web-serch\" is not defined", error.Message);
        Assert.Equal("did you mean \"web-search\"?", error.Hint);
        Assert.Equal(
            $"{path}:22:14: error: skill \"web-serch\" is not defined\n  hint: did you mean \"web-search\"?",
            error.ToString());
    }

    [Fact]
    public async Task Validate_reports_only_the_invalid_files_diagnostics_in_path_order()
    {
        var diagnostics = await IntentLangCompiler.ValidateAsync(
            [Fixtures.IntentLang("valid.ias"), Fixtures.IntentLang("invalid_ref.ias"), Fixtures.IntentLang("support-bot.ias")]);

        var error = Assert.Single(diagnostics);
        Assert.Equal(Fixtures.IntentLang("invalid_ref.ias"), error.File);
    }
}
