using System.Text.Json.Nodes;
using AgentSpec.Testing;

namespace AgentSpec.Cli.Tests;

public sealed class ValidateCommandTests
{
    [Fact]
    public async Task Every_corpus_package_is_valid()
    {
        using var dir = new TempDirectory();
        var packages = Directory.EnumerateFiles(TestCorpus.IntentLangDirectory, "*.ias").Concat(Directory.EnumerateDirectories(TestCorpus.IntentLangDirectory)).ToList();
        Assert.NotEmpty(packages);
        foreach (var package in packages)
        {
            var run = await InProcessCli.RunAsync(dir.Path, null, "validate", package);

            Assert.True(run.ExitCode == 0, run.ToString());
            Assert.StartsWith("Success! The configuration is valid:", run.Stdout, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task An_undefined_reference_gives_one_positioned_error_with_a_did_you_mean_hint_and_exit_1()
    {
        var run = await InProcessCli.RunAsync(TestCorpus.DiagnosticsDirectory, null, "validate", "ref-undefined-prompt.ias");

        Assert.Equal(1, run.ExitCode);
        Assert.Equal(
            "ref-undefined-prompt.ias:8:15: error: prompt \"chefs\" is not defined\n  hint: did you mean \"chef\"?\n1 error found.\n",
            run.Stderr.ReplaceLineEndings("\n"));
    }

    [Fact]
    public async Task Json_output_lists_each_diagnostic_with_its_fields()
    {
        var run = await InProcessCli.RunAsync(TestCorpus.DiagnosticsDirectory, null, "validate", "ref-undefined-prompt.ias", "--output", "json");

        Assert.Equal(1, run.ExitCode);
        var diagnostic = Assert.Single(JsonNode.Parse(run.Stdout)!.AsArray())!;
        Assert.Equal("ref-undefined-prompt.ias", diagnostic["file"]!.GetValue<string>());
        Assert.Equal(8, diagnostic["line"]!.GetValue<int>());
        Assert.Equal(15, diagnostic["column"]!.GetValue<int>());
        Assert.Equal("error", diagnostic["severity"]!.GetValue<string>());
        Assert.Equal("prompt \"chefs\" is not defined", diagnostic["message"]!.GetValue<string>());
        Assert.Equal("did you mean \"chef\"?", diagnostic["hint"]!.GetValue<string>());
    }

    [Fact]
    public async Task Valid_json_output_is_an_empty_array()
    {
        using var dir = new TempDirectory();

        var run = await InProcessCli.RunAsync(dir.Path, null, "validate", TestCorpus.IntentLang("starter.ias"), "-o", "json");

        Assert.Equal(0, run.ExitCode);
        Assert.Empty(JsonNode.Parse(run.Stdout)!.AsArray());
    }

    [Fact]
    public async Task A_missing_path_is_an_error()
    {
        using var dir = new TempDirectory();

        var run = await InProcessCli.RunAsync(dir.Path, null, "validate", "nope.ias");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("nope.ias", run.Stderr, StringComparison.Ordinal);
    }
}
