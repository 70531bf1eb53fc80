using System.Text.Json.Nodes;
using AgentSpec.Cli.Tests;
using AgentSpec.Core.IntentLang;
using AgentSpec.Testing;

namespace AgentSpec.Compatibility.Tests;

/// <summary>The original tool's invalid_ref.ias: one error, at the bad reference, with a did-you-mean hint.</summary>
public sealed class InvalidReferenceTests
{
    [Fact]
    public async Task Invalid_ref_gives_exactly_one_error_at_the_bad_reference_with_a_did_you_mean_hint()
    {
        var path = CompatibilityCorpus.IntentLang(CompatibilityCorpus.InvalidExample);

        var result = await IntentLangCompiler.CompileAsync(path);

        Assert.Null(result.Package);
        var error = Assert.Single(result.Diagnostics);
        Assert.Equal(DiagnosticSeverity.Error, error.Severity);
        Assert.Equal(
            $"{path}:22:14: error: skill \"web-serch\" is not defined\n  hint: did you mean \"web-search\"?",
            error.ToString());
    }

    [Fact]
    public async Task Validate_reports_only_the_invalid_files_diagnostics()
    {
        var diagnostics = await IntentLangCompiler.ValidateAsync(
            [CompatibilityCorpus.IntentLang("valid.ias"), CompatibilityCorpus.IntentLang(CompatibilityCorpus.InvalidExample), CompatibilityCorpus.IntentLang("support-bot.ias")]);

        var error = Assert.Single(diagnostics);
        Assert.Equal(CompatibilityCorpus.IntentLang(CompatibilityCorpus.InvalidExample), error.File);
    }

    [Fact]
    public async Task The_cli_prints_the_positioned_error_as_text_and_as_json_and_exits_1()
    {
        var text = await InProcessCli.RunAsync(CompatibilityCorpus.IntentLangDirectory, null, "validate", CompatibilityCorpus.InvalidExample);
        var json = await InProcessCli.RunAsync(CompatibilityCorpus.IntentLangDirectory, null, "validate", CompatibilityCorpus.InvalidExample, "--output", "json");

        Assert.Equal(1, text.ExitCode);
        Assert.Equal(
            "invalid_ref.ias:22:14: error: skill \"web-serch\" is not defined\n  hint: did you mean \"web-search\"?\n1 error found.\n",
            text.Stderr.ReplaceLineEndings("\n"));
        Assert.Equal(1, json.ExitCode);
        var diagnostic = Assert.Single(JsonNode.Parse(json.Stdout)!.AsArray())!;
        Assert.Equal(
            ("invalid_ref.ias", 22, 14, "error", "skill \"web-serch\" is not defined", "did you mean \"web-search\"?"),
            (diagnostic["file"]!.GetValue<string>(), diagnostic["line"]!.GetValue<int>(), diagnostic["column"]!.GetValue<int>(),
                diagnostic["severity"]!.GetValue<string>(), diagnostic["message"]!.GetValue<string>(), diagnostic["hint"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Plan_of_invalid_ref_fails_with_exit_1_before_touching_state()
    {
        using var dir = new TempDirectory();

        var run = await InProcessCli.RunAsync(dir.Path, null, "plan", CompatibilityCorpus.IntentLang(CompatibilityCorpus.InvalidExample));

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("did you mean \"web-search\"?", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("nothing was planned or applied", run.Stderr, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFileSystemEntries(dir.Path));
    }
}
