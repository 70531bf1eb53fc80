using System.Text.Json.Nodes;
using AgentSpec.Core.IntentLang;
using AgentSpec.Core.Resources;

namespace AgentSpec.Compatibility.Tests;

/// <summary>The original tool's examples: every one parses, and lowers to exactly the original tool's FQNs and hashes.</summary>
public sealed class FixtureCompatibilityTests
{
    // The theories are fed from fixed lists, not from the corpus, so a missing corpus fails each test
    // (through CompatibilityCorpus) instead of failing test discovery.
    public static TheoryData<string> ValidExamples() => new(CompatibilityCorpus.ValidExamples);

    public static TheoryData<string> AllExamples() => new(CompatibilityCorpus.ValidExamples.Append(CompatibilityCorpus.InvalidExample));

    private static JsonObject ExpectedHashes() =>
        JsonNode.Parse(File.ReadAllText(CompatibilityCorpus.ExpectedHashes))!["files"]!.AsObject();

    [Fact]
    public void Every_example_file_is_covered_by_these_tests()
    {
        var onDisk = Directory.EnumerateFiles(CompatibilityCorpus.IntentLangDirectory, "*.ias").Select(Path.GetFileName);

        Assert.Equal(
            CompatibilityCorpus.ValidExamples.Append(CompatibilityCorpus.InvalidExample).Order(StringComparer.Ordinal),
            onDisk.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void The_example_list_and_the_expected_hashes_name_the_same_files()
    {
        var hashed = ExpectedHashes().Select(pair => pair.Key).Order(StringComparer.Ordinal);

        Assert.Equal(CompatibilityCorpus.ValidExamples.Order(StringComparer.Ordinal), hashed);
    }

    [Theory]
    [MemberData(nameof(AllExamples))]
    public async Task Every_example_file_parses_without_syntax_errors(string file)
    {
        var result = await IntentLangCompiler.CompileAsync(CompatibilityCorpus.IntentLang(file));

        // invalid_ref.ias is syntactically fine; its one error is semantic (checked in InvalidReferenceTests).
        var unexpected = result.Diagnostics.Where(d => !d.Message.Contains("is not defined", StringComparison.Ordinal)).ToList();
        Assert.True(unexpected.Count == 0, string.Join("\n", unexpected));
    }

    [Theory]
    [MemberData(nameof(ValidExamples))]
    public async Task Lowering_reproduces_every_fqn_and_hash_of_the_original_tool(string file)
    {
        var expected = ExpectedHashes()[file]!.AsObject()
            .Select(pair => (Fqn: pair.Key, Hash: pair.Value!.GetValue<string>()))
            .ToList();

        var result = await IntentLangCompiler.CompileAsync(CompatibilityCorpus.IntentLang(file));

        Assert.True(result.Diagnostics.Count == 0, string.Join("\n", result.Diagnostics));
        var actual = result.Package!.Resources.Select(r => (r.Fqn, r.Hash)).ToList();
        Assert.Equal(expected.Order(), actual.Order());
    }

    [Fact]
    public async Task Resources_are_sorted_by_fqn_and_deploy_targets_are_kept_apart()
    {
        var result = await IntentLangCompiler.CompileAsync(CompatibilityCorpus.IntentLang("code-review-pipeline.ias"));

        var package = result.Package!;
        Assert.Equal("code-review", package.Name);
        Assert.Equal("0.1.0", package.Version);
        Assert.Equal("2.0", package.LangVersion);
        var fqns = package.Resources.Select(r => r.Fqn).ToList();
        Assert.Equal(fqns.Order(StringComparer.Ordinal), fqns);
        Assert.Collection(
            package.DeployTargets,
            local =>
            {
                Assert.Equal(("local", "process", true), (local.Name, local.Target, local.IsDefault));
                Assert.Empty(local.Settings);
            },
            ci => Assert.Equal(("ci", "docker-compose", false), (ci.Name, ci.Target, ci.IsDefault)));
        Assert.DoesNotContain(package.Resources, r => r.Kind == "DeployTarget");
    }

    [Fact]
    public async Task Deploy_settings_keep_nested_blocks_as_written()
    {
        var result = await IntentLangCompiler.CompileAsync(CompatibilityCorpus.IntentLang("basic-agent.ias"));

        var target = Assert.Single(result.Package!.DeployTargets);
        Assert.Equal(("local", "process", false), (target.Name, target.Target, target.IsDefault));
        Assert.Equal("""{"health":{"path":"/healthz"},"port":8080}""", CanonicalJson.Serialize(target.Settings));
    }

    [Fact]
    public async Task References_name_the_fqns_an_agent_and_an_mcp_server_depend_on()
    {
        var result = await IntentLangCompiler.CompileAsync(CompatibilityCorpus.IntentLang("mcp-server-client.ias"));

        var resources = result.Package!.Resources.ToDictionary(r => r.Fqn);
        Assert.Equal(
            ["mcp-example/Prompt/assistant", "mcp-example/Skill/file-read", "mcp-example/MCPClient/my-client"],
            resources["mcp-example/Agent/file-assistant"].References);
        Assert.Equal(["mcp-example/Skill/file-read"], resources["mcp-example/MCPServer/file-server"].References);
        Assert.Equal(["mcp-example/MCPServer/file-server"], resources["mcp-example/MCPClient/my-client"].References);
        Assert.Equal("""{"command":"file-mcp-server","transport":"stdio"}""", CanonicalJson.Serialize(resources["mcp-example/MCPServer/file-server"].Attributes));
    }

    /// <summary>The vectors named after a resource: lowering its example yields exactly that canonical form and hash.</summary>
    [Fact]
    public async Task Lowered_attributes_serialize_to_the_hash_vector_of_their_resource()
    {
        var vectors = JsonNode.Parse(File.ReadAllText(CompatibilityCorpus.HashVectors))!["vectors"]!.AsArray()
            .Select(v => (Name: v!["name"]!.GetValue<string>(), Canonical: v["canonical"]!.GetValue<string>(), Hash: v["hash"]!.GetValue<string>()))
            .Where(v => v.Name.Split('/').Length == 3)
            .ToList();
        Assert.NotEmpty(vectors);

        var mismatches = new List<string>();
        foreach (var (fqn, canonical, hash) in vectors)
        {
            var package = ResourceName.PackageOf(fqn);
            var file = package == "demo" ? "valid.ias" : package + ".ias";
            var result = await IntentLangCompiler.CompileAsync(CompatibilityCorpus.IntentLang(file));
            var resource = result.Package?.Resources.SingleOrDefault(r => r.Fqn == fqn);
            var actual = resource is null ? "(no such resource)" : CanonicalJson.Serialize(resource.Attributes);
            if (actual != canonical || resource?.Hash != hash)
            {
                mismatches.Add($"{fqn}: expected {canonical} {hash}, got {actual} {resource?.Hash}");
            }
        }

        Assert.True(mismatches.Count == 0, string.Join("\n", mismatches));
    }
}
