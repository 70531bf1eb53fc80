using System.Text.Json.Nodes;
using AgentSpec.Testing;

namespace AgentSpec.Cli.Tests;

public sealed class ValidateCommandTests
{
    [Fact]
    public async Task Every_fixture_package_is_valid()
    {
        using var dir = new TempDirectory();
        foreach (var file in new[] { "basic-agent.ias", "code-review-pipeline.ias", "mcp-server-client.ias", "multi-environment.ias", "multi-skill-agent.ias", "rag-assistant.ias", "support-bot.ias", "valid.ias" })
        {
            var run = await InProcessCli.RunAsync(dir.Path, null, "validate", Fixtures.IntentLang(file));

            Assert.True(run.ExitCode == 0, run.ToString());
            Assert.StartsWith("Success! The configuration is valid:", run.Stdout, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Invalid_ref_gives_one_positioned_error_with_a_did_you_mean_hint_and_exit_1()
    {
        var fixtures = Path.GetDirectoryName(Fixtures.IntentLang("invalid_ref.ias"))!;

        var run = await InProcessCli.RunAsync(fixtures, null, "validate", "invalid_ref.ias");

        Assert.Equal(1, run.ExitCode);
        Assert.Equal(
            "invalid_ref.ias:22:14: error: skill \"web-serch\" is not defined\n  hint: did you mean \"web-search\"?\n1 error found.\n",
            run.Stderr.ReplaceLineEndings("\n"));
    }

    [Fact]
    public async Task Json_output_lists_each_diagnostic_with_its_fields()
    {
        var fixtures = Path.GetDirectoryName(Fixtures.IntentLang("invalid_ref.ias"))!;

        var run = await InProcessCli.RunAsync(fixtures, null, "validate", "invalid_ref.ias", "--output", "json");

        Assert.Equal(1, run.ExitCode);
        var diagnostic = Assert.Single(JsonNode.Parse(run.Stdout)!.AsArray())!;
        Assert.Equal("invalid_ref.ias", diagnostic["file"]!.GetValue<string>());
        Assert.Equal(22, diagnostic["line"]!.GetValue<int>());
        Assert.Equal(14, diagnostic["column"]!.GetValue<int>());
        Assert.Equal("error", diagnostic["severity"]!.GetValue<string>());
        Assert.Equal("skill \"web-serch\" is not defined", diagnostic["message"]!.GetValue<string>());
        Assert.Equal("did you mean \"web-search\"?", diagnostic["hint"]!.GetValue<string>());
    }

    [Fact]
    public async Task Valid_json_output_is_an_empty_array()
    {
        using var dir = new TempDirectory();

        var run = await InProcessCli.RunAsync(dir.Path, null, "validate", Fixtures.IntentLang("valid.ias"), "-o", "json");

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
