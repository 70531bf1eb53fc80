using System.Text.Json.Nodes;
using AgentSpec.Core.IntentLang;
using AgentSpec.Core.Resources;
using AgentSpec.Testing;

namespace AgentSpec.Core.Tests.IntentLang;

/// <summary>
/// The repository's own IntentLang corpus (tests/corpus/intentlang): every package compiles without a
/// diagnostic and lowers, deterministically, to exactly its pinned FQNs and hashes.
/// </summary>
public sealed class IntentLangCorpusTests
{
    /// <summary>The packages of the corpus: every <c>*.ias</c> file and every directory, by name.</summary>
    public static TheoryData<string> Packages()
    {
        var data = new TheoryData<string>();
        foreach (var name in PackagesOnDisk())
        {
            data.Add(name);
        }

        return data;
    }

    private static IEnumerable<string> PackagesOnDisk() =>
        Directory.EnumerateFiles(TestCorpus.IntentLangDirectory, "*.ias")
            .Concat(Directory.EnumerateDirectories(TestCorpus.IntentLangDirectory))
            .Select(path => Path.GetFileName(path))
            .Order(StringComparer.Ordinal);

    private static JsonObject ExpectedHashes() =>
        JsonNode.Parse(File.ReadAllText(TestCorpus.ExpectedHashes))!["files"]!.AsObject();

    [Fact]
    public void Every_package_on_disk_is_pinned_in_the_expected_hashes_and_nothing_else_is()
    {
        var pinned = ExpectedHashes().Select(pair => pair.Key).Order(StringComparer.Ordinal);

        Assert.Equal(PackagesOnDisk(), pinned);
    }

    [Theory]
    [MemberData(nameof(Packages))]
    public async Task Every_package_compiles_without_diagnostics_and_lowers_to_its_pinned_fqns_and_hashes(string package)
    {
        var expected = ExpectedHashes()[package]!.AsObject()
            .Select(pair => (Fqn: pair.Key, Hash: pair.Value!.GetValue<string>()))
            .ToList();

        var result = await IntentLangCompiler.CompileAsync(TestCorpus.IntentLang(package));

        Assert.True(result.Diagnostics.Count == 0, string.Join("\n", result.Diagnostics));
        Assert.Equal(expected, result.Package!.Resources.Select(r => (r.Fqn, r.Hash)));
    }

    [Theory]
    [MemberData(nameof(Packages))]
    public async Task Lowering_the_same_package_twice_gives_byte_identical_resources(string package)
    {
        var first = await IntentLangCompiler.CompileAsync(TestCorpus.IntentLang(package));
        var second = await IntentLangCompiler.CompileAsync(TestCorpus.IntentLang(package));

        Assert.Equal(Describe(first), Describe(second));
        Assert.Equal(
            first.Package!.DeployTargets.Select(t => (t.Name, t.Target, t.IsDefault, CanonicalJson.Serialize(t.Settings))),
            second.Package!.DeployTargets.Select(t => (t.Name, t.Target, t.IsDefault, CanonicalJson.Serialize(t.Settings))));
    }

    private static List<string> Describe(CompilationResult result) =>
        result.Package!.Resources
            .Select(r => $"{r.Fqn} {r.Hash} {CanonicalJson.Serialize(r.Attributes)} [{string.Join(", ", r.References)}]")
            .ToList();

    [Fact]
    public async Task Resources_are_sorted_by_fqn_and_deploy_targets_are_kept_apart()
    {
        var result = await IntentLangCompiler.CompileAsync(TestCorpus.IntentLang("deploy-targets.ias"));

        var package = result.Package!;
        Assert.Equal(("deploy-targets", "0.1.0", "2.0"), (package.Name, package.Version, package.LangVersion));
        Assert.Equal(["deploy-targets/Agent/greeter", "deploy-targets/Prompt/host"], package.Resources.Select(r => r.Fqn));
        Assert.Collection(
            package.DeployTargets,
            laptop =>
            {
                Assert.Equal(("laptop", "record-only", false), (laptop.Name, laptop.Target, laptop.IsDefault));
                Assert.Empty(laptop.Settings);
            },
            local => Assert.Equal(("runtime-local", "runtime", true), (local.Name, local.Target, local.IsDefault)),
            cluster => Assert.Equal(("cluster", "runtime", false), (cluster.Name, cluster.Target, cluster.IsDefault)));
        Assert.DoesNotContain(package.Resources, r => r.Kind == "DeployTarget");
    }

    [Fact]
    public async Task Deploy_settings_keep_nested_blocks_lists_and_value_types_as_written()
    {
        var result = await IntentLangCompiler.CompileAsync(TestCorpus.IntentLang("deploy-targets.ias"));

        var targets = result.Package!.DeployTargets.ToDictionary(t => t.Name);
        Assert.Equal("""{"url":"http://localhost:8080"}""", CanonicalJson.Serialize(targets["runtime-local"].Settings));
        Assert.Equal(
            """{"canary":false,"health":{"checks":{"liveness":true,"readiness":"strict"},"interval":"10s","path":"/healthz"},"port":9090,"priority":-7,"ratio":0.75,"regions":["eu-west","us-east"],"replicas":3}""",
            CanonicalJson.Serialize(targets["cluster"].Settings));
    }

    [Fact]
    public async Task References_name_the_fqns_an_agent_an_mcp_server_and_a_client_depend_on()
    {
        var result = await IntentLangCompiler.CompileAsync(TestCorpus.IntentLang("mcp-wiring.ias"));

        var resources = result.Package!.Resources.ToDictionary(r => r.Fqn);
        Assert.Equal(
            ["mcp-wiring/Prompt/clerk", "mcp-wiring/Skill/read-file", "mcp-wiring/Skill/list-folder", "mcp-wiring/MCPClient/desk-tools"],
            resources["mcp-wiring/Agent/archivist"].References);
        Assert.Equal(["mcp-wiring/MCPServer/files", "mcp-wiring/MCPServer/search"], resources["mcp-wiring/MCPClient/desk-tools"].References);
        Assert.Equal(
            """{"args":["--root","/srv/share","--read-only"],"auth":"bridge-token","command":"files-mcp","env":{"LOG_FORMAT":"json","MAX_OPEN":"32"},"transport":"stdio"}""",
            CanonicalJson.Serialize(resources["mcp-wiring/MCPServer/files"].Attributes));
    }

    [Fact]
    public async Task A_directory_package_reads_its_files_in_name_order_and_resolves_references_across_them()
    {
        var result = await IntentLangCompiler.CompileAsync(TestCorpus.IntentLang("bookshop"));

        Assert.True(result.Diagnostics.Count == 0, string.Join("\n", result.Diagnostics));
        var agent = Assert.Single(result.Package!.Resources, r => r.Kind == ResourceKinds.Agent);
        Assert.Equal(["bookshop/Prompt/bookseller", "bookshop/Skill/stock-check"], agent.References);
    }
}
