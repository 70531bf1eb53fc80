using System.Text.Json;
using System.Text.Json.Nodes;
using AgentSpec.Core.Apply;
using AgentSpec.Core.Resources;
using AgentSpec.Testing;

namespace AgentSpec.Runtime.Tests.Agents;

public sealed class AgentDefinitionTests
{
    [Fact]
    public void The_factory_takes_the_agent_its_prompt_content_and_its_skills_from_the_package()
    {
        var package = DemoPackage();
        var definition = AgentDefinitionFactory.Create(package, "research-assistant");

        Assert.Equal("research-assistant", definition.Name);
        Assert.Equal("demo", definition.Package);
        Assert.Equal("demo/Agent/research-assistant", definition.Fqn);
        Assert.Equal("claude-sonnet-4-20250514", definition.Model);
        Assert.Equal(new AgentPromptDefinition("greeting", "You are a helpful research assistant.\nAnswer questions clearly and concisely."), definition.Prompt);
        Assert.Equal(["web-search", "summarize"], definition.Skills.Select(s => s.Name));
        Assert.Equal("Search the web for information", definition.Skills[0].Description);
        Assert.Equal("search-tool", (string?)definition.Skills[0].Attributes["tool"]!["binary"]);
        Assert.Equal(Agent(package).Attributes.ToJsonString(), definition.Attributes.ToJsonString());
        Assert.Null(definition.Memory);
        Assert.StartsWith("sha256:", definition.Hash, StringComparison.Ordinal);
        Assert.Equal(definition.ComputeHash(), definition.Hash);
    }

    [Fact]
    public async Task A_skill_with_an_mcp_tool_carries_its_server_and_other_skills_carry_nothing_new()
    {
        var compiled = await AgentSpec.Core.IntentLang.IntentLangCompiler.CompileAsync(TestCorpus.IntentLang("mcp-wiring.ias"));
        var definition = AgentDefinitionFactory.Create(compiled.Package!, "archivist");

        var server = definition.Skills.Single(s => s.Name == "read-file").McpServer!;
        Assert.Equal("files", (string?)server["name"]);
        Assert.Equal("stdio", (string?)server["transport"]);
        Assert.Equal("files-mcp", (string?)server["command"]);
        Assert.Equal("bridge-token", (string?)server["auth"]);
        var json = JsonSerializer.Serialize(definition, AgentDefinitionJsonContext.Default.AgentDefinition);
        Assert.Contains("\"mcp_server\":{", json, StringComparison.Ordinal);

        // Definitions without MCP tools serialize (and hash) exactly as before.
        Assert.DoesNotContain("mcp_server", JsonSerializer.Serialize(AgentDefinitionFactory.Create(DemoPackage(), "research-assistant"), AgentDefinitionJsonContext.Default.AgentDefinition), StringComparison.Ordinal);
    }

    [Fact]
    public void A_prompt_change_changes_the_definition_hash_but_not_the_agent_resource_hash()
    {
        var before = DemoPackage();
        var after = DemoPackage(promptContent: "You are a terse research assistant.");

        Assert.Equal(Agent(before).Hash, Agent(after).Hash);
        Assert.NotEqual(AgentDefinitionFactory.Create(before, "research-assistant").Hash, AgentDefinitionFactory.Create(after, "research-assistant").Hash);
    }

    [Fact]
    public void The_hash_is_stable_and_survives_the_wire()
    {
        var definition = AgentDefinitionFactory.Create(DemoPackage(), "research-assistant");
        Assert.Equal(definition.Hash, AgentDefinitionFactory.Create(DemoPackage(), "research-assistant").Hash);

        var json = JsonSerializer.Serialize(definition, AgentDefinitionJsonContext.Default.AgentDefinition);
        var received = JsonSerializer.Deserialize(json, AgentDefinitionJsonContext.Default.AgentDefinition)!;
        Assert.Equal(definition.Hash, received.ComputeHash());
        Assert.Equal(definition.Hash, (received with { Hash = "sha256:whatever" }).ComputeHash());
    }

    [Fact]
    public void The_wire_form_is_snake_case_and_omits_what_the_agent_does_not_declare()
    {
        var definition = AgentDefinitionFactory.Create(DemoPackage(memory: 20), "research-assistant");
        var json = JsonNode.Parse(JsonSerializer.Serialize(definition, AgentDefinitionJsonContext.Default.AgentDefinition))!.AsObject();

        Assert.Equal(20, (int)json["memory"]!["max_messages"]!);
        Assert.Equal("greeting", (string?)json["prompt"]!["name"]);
        Assert.NotNull(json["attributes"]);
        Assert.False(json.ContainsKey("temperature"));
        Assert.False(json.ContainsKey("max_turns"));
        Assert.False(json.ContainsKey("models"));
    }

    [Fact]
    public void Every_agent_attribute_the_runtime_uses_is_lifted()
    {
        var agent = new JsonObject
        {
            ["model"] = "m1",
            ["models"] = new JsonArray("m2", "m3"),
            ["strategy"] = "react",
            ["temperature"] = 0.7,
            ["max_turns"] = 10,
            ["memory"] = new JsonObject { ["max_messages"] = 8 },
            ["stream"] = true,
        };
        var package = Package("p", Resource("p", ResourceKinds.Agent, "a", agent));
        var definition = AgentDefinitionFactory.Create(package, "a");

        Assert.Equal(["m2", "m3"], definition.Models!);
        Assert.Equal("react", definition.Strategy);
        Assert.Equal(0.7, definition.Temperature);
        Assert.Equal(10, definition.MaxTurns);
        Assert.Equal(8, definition.Memory!.MaxMessages);
        Assert.True((bool)definition.Attributes["stream"]!);
        Assert.Null(definition.Prompt);
        Assert.Empty(definition.Skills);
    }

    [Fact]
    public void A_missing_prompt_or_skill_or_a_mistyped_attribute_is_a_clear_error()
    {
        var noPrompt = Package("p", Resource("p", ResourceKinds.Agent, "a", new JsonObject { ["prompt"] = "ghost" }));
        Assert.Contains("uses prompt 'ghost'", Assert.Throws<ArgumentException>(() => AgentDefinitionFactory.Create(noPrompt, "a")).Message, StringComparison.Ordinal);

        var noSkill = Package("p", Resource("p", ResourceKinds.Agent, "a", new JsonObject { ["skills"] = new JsonArray("ghost") }));
        Assert.Contains("uses skill 'ghost'", Assert.Throws<ArgumentException>(() => AgentDefinitionFactory.Create(noSkill, "a")).Message, StringComparison.Ordinal);

        var badTurns = Package("p", Resource("p", ResourceKinds.Agent, "a", new JsonObject { ["max_turns"] = "ten" }));
        Assert.Contains("'max_turns' must be a whole number", Assert.Throws<ArgumentException>(() => AgentDefinitionFactory.Create(badTurns, "a")).Message, StringComparison.Ordinal);

        Assert.Throws<ArgumentException>(() => AgentDefinitionFactory.Create(noPrompt, "nobody"));
    }

    [Fact]
    public void CreateAll_builds_every_agent_of_the_package()
    {
        var definitions = AgentDefinitionFactory.CreateAll(DemoPackage());
        Assert.Equal(["research-assistant"], definitions.Select(d => d.Name));
    }

    [Theory]
    [InlineData("support-bot", true)]
    [InlineData("a", true)]
    [InlineData("Agent_2.v1", true)]
    [InlineData("", false)]
    [InlineData("-leading-dash", false)]
    [InlineData("has space", false)]
    [InlineData("slash/inside", false)]
    [InlineData("brace{tag}", false)]
    [InlineData("ünïcode", false)]
    public void Agent_names_are_checked_before_use(string name, bool valid)
    {
        Assert.Equal(valid, AgentDefinitionValidation.IsValidName(name));
    }

    [Fact]
    public void Validation_names_the_first_problem()
    {
        var good = AgentDefinitionFactory.Create(DemoPackage(), "research-assistant");
        Assert.Null(AgentDefinitionValidation.FindProblem(good));
        Assert.Contains("'fqn'", AgentDefinitionValidation.FindProblem(good with { Fqn = "demo/Agent/other" }), StringComparison.Ordinal);
        Assert.Contains("'max_turns'", AgentDefinitionValidation.FindProblem(good with { MaxTurns = 0 }), StringComparison.Ordinal);
        Assert.Contains("'memory.max_messages'", AgentDefinitionValidation.FindProblem(good with { Memory = new AgentMemoryDefinition(0) }), StringComparison.Ordinal);
        Assert.Contains("'temperature'", AgentDefinitionValidation.FindProblem(good with { Temperature = double.NaN }), StringComparison.Ordinal);
        Assert.Contains("'package'", AgentDefinitionValidation.FindProblem(good with { Package = " " }), StringComparison.Ordinal);
    }

    /// <summary>The <c>demo</c> package of valid.ias, from the Go tool's hash vectors (plus a summarize skill).</summary>
    private static LoweredPackage DemoPackage(string? promptContent = null, int? memory = null)
    {
        var vectors = JsonNode.Parse(File.ReadAllText(TestCorpus.HashVectors))!["vectors"]!.AsArray()
            .ToDictionary(v => (string)v!["name"]!, v => (JsonObject)JsonNode.Parse((string)v!["canonical"]!)!);
        var prompt = vectors["demo/Prompt/greeting"];
        if (promptContent is not null)
        {
            prompt["content"] = promptContent;
        }

        var agent = vectors["demo/Agent/research-assistant"];
        if (memory is not null)
        {
            agent["memory"] = new JsonObject { ["max_messages"] = memory };
        }

        return Package(
            "demo",
            Resource("demo", ResourceKinds.Agent, "research-assistant", agent),
            Resource("demo", ResourceKinds.Prompt, "greeting", prompt),
            Resource("demo", ResourceKinds.Skill, "summarize", new JsonObject { ["description"] = "Summarize text" }),
            Resource("demo", ResourceKinds.Skill, "web-search", vectors["demo/Skill/web-search"]));
    }

    private static Resource Agent(LoweredPackage package) => package.Resources.Single(r => r.Kind == ResourceKinds.Agent);

    private static Resource Resource(string package, string kind, string name, JsonObject attributes) =>
        new(package, kind, name, attributes, CanonicalJson.Hash(attributes), []);

    private static LoweredPackage Package(string name, params Resource[] resources) =>
        new(name, "0.1.0", "2.0", resources.OrderBy(r => r.Fqn, StringComparer.Ordinal).ToList(), []);
}
