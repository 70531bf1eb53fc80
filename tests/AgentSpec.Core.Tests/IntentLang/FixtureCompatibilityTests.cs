using System.Text.Json.Nodes;
using AgentSpec.Core.IntentLang;
using AgentSpec.Core.Resources;
using AgentSpec.Testing;

namespace AgentSpec.Core.Tests.IntentLang;

/// <summary>The shared fixtures: every example parses, and lowers to exactly the original tool's FQNs and hashes.</summary>
public sealed class FixtureCompatibilityTests
{
    private static readonly string[] ValidFixtures =
    [
        "basic-agent.ias", "code-review-pipeline.ias", "mcp-server-client.ias", "multi-environment.ias",
        "multi-skill-agent.ias", "rag-assistant.ias", "support-bot.ias", "valid.ias",
    ];

    public static TheoryData<string> AllFixtureFiles()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.EnumerateFiles(Path.Combine(Fixtures.Root, "intentlang"), "*.ias").Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(file));
        }

        return data;
    }

    public static TheoryData<string> ExpectedHashFiles()
    {
        var data = new TheoryData<string>();
        foreach (var (file, _) in ExpectedHashes())
        {
            data.Add(file);
        }

        return data;
    }

    private static JsonObject ExpectedHashes() =>
        JsonNode.Parse(File.ReadAllText(Fixtures.IntentLang("expected-hashes.json")))!["files"]!.AsObject();

    [Fact]
    public void Every_fixture_file_is_covered_by_these_tests()
    {
        var onDisk = Directory.EnumerateFiles(Path.Combine(Fixtures.Root, "intentlang"), "*.ias").Select(Path.GetFileName);
        Assert.Equal(ValidFixtures.Append("invalid_ref.ias").Order(StringComparer.Ordinal), onDisk.Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(AllFixtureFiles))]
    public async Task Every_fixture_file_parses_without_syntax_errors(string file)
    {
        var result = await IntentLangCompiler.CompileAsync(Fixtures.IntentLang(file));

        // invalid_ref.ias is syntactically fine; its one error is semantic (checked in InvalidReferenceTests).
        var unexpected = result.Diagnostics.Where(d => !d.Message.Contains("is not defined", StringComparison.Ordinal)).ToList();
        Assert.True(unexpected.Count == 0, string.Join("\n", unexpected));
    }

    [Theory]
    [MemberData(nameof(ExpectedHashFiles))]
    public async Task Lowering_reproduces_every_fqn_and_hash_of_the_original_tool(string file)
    {
        var expected = ExpectedHashes()[file]!.AsObject()
            .Select(pair => (Fqn: pair.Key, Hash: pair.Value!.GetValue<string>()))
            .ToList();

        var result = await IntentLangCompiler.CompileAsync(Fixtures.IntentLang(file));

        Assert.False(result.HasErrors, string.Join("\n", result.Diagnostics));
        Assert.Empty(result.Diagnostics);
        var actual = result.Package!.Resources.Select(r => (r.Fqn, r.Hash)).ToList();
        Assert.Equal(expected.Order(), actual.Order());
    }

    [Fact]
    public void The_fixture_list_and_the_expected_hashes_name_the_same_files()
    {
        var hashed = ExpectedHashes().Select(pair => pair.Key).Order(StringComparer.Ordinal);

        Assert.Equal(ValidFixtures.Order(StringComparer.Ordinal), hashed);
    }

    [Fact]
    public async Task Resources_are_sorted_by_fqn_and_deploy_targets_are_kept_apart()
    {
        var result = await IntentLangCompiler.CompileAsync(Fixtures.IntentLang("code-review-pipeline.ias"));

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
        var result = await IntentLangCompiler.CompileAsync(Fixtures.IntentLang("basic-agent.ias"));

        var target = Assert.Single(result.Package!.DeployTargets);
        Assert.Equal(("local", "process", false), (target.Name, target.Target, target.IsDefault));
        Assert.Equal("""{"health":{"path":"/healthz"},"port":8080}""", CanonicalJson.Serialize(target.Settings));
    }

    [Fact]
    public async Task References_name_the_fqns_an_agent_and_an_mcp_server_depend_on()
    {
        var result = await IntentLangCompiler.CompileAsync(Fixtures.IntentLang("mcp-server-client.ias"));

        var resources = result.Package!.Resources.ToDictionary(r => r.Fqn);
        Assert.Equal(
            ["mcp-example/Prompt/assistant", "mcp-example/Skill/file-read", "mcp-example/MCPClient/my-client"],
            resources["mcp-example/Agent/file-assistant"].References);
        Assert.Equal(["mcp-example/Skill/file-read"], resources["mcp-example/MCPServer/file-server"].References);
        Assert.Equal(["mcp-example/MCPServer/file-server"], resources["mcp-example/MCPClient/my-client"].References);
        Assert.Equal("""{"command":"file-mcp-server","transport":"stdio"}""", CanonicalJson.Serialize(resources["mcp-example/MCPServer/file-server"].Attributes));
    }

    public static TheoryData<string, string, string> HashVectors()
    {
        var data = new TheoryData<string, string, string>();
        var root = JsonNode.Parse(File.ReadAllText(Fixtures.HashVectors))!;
        foreach (var vector in root["vectors"]!.AsArray())
        {
            var name = vector!["name"]!.GetValue<string>();
            if (name.Split('/').Length == 3)
            {
                data.Add(name, vector["canonical"]!.GetValue<string>(), vector["hash"]!.GetValue<string>());
            }
        }

        return data;
    }

    /// <summary>The vectors named after a resource: lowering yields exactly that canonical form and hash.</summary>
    [Theory]
    [MemberData(nameof(HashVectors))]
    public async Task Lowered_attributes_serialize_to_the_hash_vector_of_their_resource(string fqn, string canonical, string hash)
    {
        var package = ResourceName.PackageOf(fqn);
        var file = package switch
        {
            "demo" => "valid.ias",
            _ => package + ".ias",
        };

        var result = await IntentLangCompiler.CompileAsync(Fixtures.IntentLang(file));

        var resource = Assert.Single(result.Package!.Resources, r => r.Fqn == fqn);
        Assert.Equal(canonical, CanonicalJson.Serialize(resource.Attributes));
        Assert.Equal(hash, resource.Hash);
    }
}
