namespace AgentSpec.Core.Tests.IntentLang;

/// <summary>
/// IntentLang 3.0 and other unsupported constructs: one "not supported" error at the construct's keyword,
/// the construct is skipped as a whole, and parsing goes on to find the next real error.
/// </summary>
public sealed class UnsupportedConstructTests
{
    private const string Before = """
        prompt "system" {
          content "You help."
        }

        """;

    private const string AgentOpen = """
        agent "helper" {
          uses prompt "system"
          model "claude-sonnet-4-20250514"

        """;

    /// <summary>After the construct: a reference error that must still be found (the parser recovered).</summary>
    private const string After = """

        agent "after" {
          uses prompt "sytem"
          model "m"
        }

        """;

    public static TheoryData<string, string> TopLevelConstructs() => new()
    {
        { "pipeline", "⟦pipeline \"review\" {\n  step \"analyze\" {\n    agent \"helper\"\n    depends_on [\"x\"]\n  }\n}" },
        { "policy", "⟦policy \"safety\" {\n  deny model \"gpt-3\"\n  require secret \"k\"\n}" },
        { "plugin", "⟦plugin \"audit\" version \"1.0.0\"" },
        { "guardrail", "⟦guardrail \"no-pii\" {\n  mode \"block\"\n  keywords [\"ssn\", \"password\"]\n}" },
        { "user", "⟦user \"alice\" {\n  key_ref \"ALICE_KEY\"\n  agents [\"helper\"]\n  role \"admin\"\n}" },
        { "import", "⟦import \"./shared.ias\" version \"1.0.0\" as shared" },
        { "type", "⟦type \"priority\" enum [\"low\", \"high\"]" },
        { "type", "⟦type \"ticket\" {\n  id string required\n  priority priority default \"low\"\n}" },
        { "binding", "⟦binding \"local\" adapter \"process\" {\n  default true\n}" },
        { "config", "⟦config {\n  region string\n}" },
        { "validate", "⟦validate {\n  rule short warning \"too long\" when len(output) > 10\n}" },
        { "eval", "⟦eval {\n  case hi input \"hi\" expect \"hello\"\n}" },
        { "on input", "⟦on input {\n  respond \"hi\"\n}" },
    };

    public static TheoryData<string, string> AgentLevelConstructs() => new()
    {
        { "config", "  ⟦config {\n    api_key string required secret \"the key\"\n    retries int default 3\n  }" },
        { "validate", "  ⟦validate {\n    rule no_pii error max_retries 2 \"no PII\" when output.text contains \"ssn\"\n  }" },
        { "eval", "  ⟦eval {\n    case greeting\n      input \"hi\"\n      expect \"hello\"\n      scoring semantic threshold 0.9\n      tags [\"smoke\"]\n  }" },
        { "on input", "  ⟦on input {\n    if input.text == \"x\" {\n      respond \"y\"\n    } else if input.len >= 3 {\n      delegate to other\n    } else {\n      use skill search with { query: input.text }\n    }\n    for each item in input.items {\n      respond item\n    }\n  }" },
        { "guardrail", "  uses ⟦guardrail \"no-pii\"" },
        { "budget", "  ⟦budget daily 10.5" },
        { "loop", "  ⟦loop \"react\"" },
        { "prompt inside an agent", "  ⟦prompt \"system\"" },
        { "pipeline", "  ⟦pipeline \"inner\" {\n    step \"a\" { agent \"b\" }\n  }" },
    };

    [Theory]
    [MemberData(nameof(TopLevelConstructs))]
    public void A_top_level_construct_is_reported_at_its_keyword_and_skipped(string construct, string snippet) =>
        AssertReportedThenRecovered(construct, Source.Header + Before + snippet + "\n" + After);

    [Theory]
    [MemberData(nameof(AgentLevelConstructs))]
    public void A_construct_inside_an_agent_is_reported_at_its_keyword_and_skipped(string construct, string snippet) =>
        AssertReportedThenRecovered(construct, Source.Header + Before + AgentOpen + snippet + "\n  strategy \"react\"\n}\n" + After);

    [Fact]
    public void Lang_3_0_in_the_header_is_reported_at_the_lang_keyword()
    {
        AssertReportedThenRecovered("IntentLang 3.0", "package \"t\" version \"0.1.0\" ⟦lang \"3.0\"\n" + Before + After);
    }

    [Fact]
    public void A_whole_intentlang_3_file_reports_each_construct_and_never_crashes()
    {
        var (text, _, _) = Source.Marked("""
            package "v3" version "1.0.0" ⟦lang "3.0"
            import "github.com/acme/skills" version "2.0.0"
            type "ticket" {
              id string required
            }
            prompt "p" {
              content "x"
            }
            agent "a" {
              prompt p
              model "m"
              config { key string secret }
              on input {
                use skill lookup with { id: input.ticket.id }
              }
            }
            pipeline "flow" {
              step "one" { agent "a" }
            }
            """);

        var result = Source.Compile(text);

        var constructs = result.Errors.Select(e => (e.Line, e.Message)).ToList();
        Assert.Equal(
            [
                (1, "IntentLang 3.0 is not supported by this version of AgentSpec"),
                (2, "import is not supported by this version of AgentSpec"),
                (3, "type is not supported by this version of AgentSpec"),
                (10, "prompt inside an agent is not supported by this version of AgentSpec"),
                (12, "config is not supported by this version of AgentSpec"),
                (13, "on input is not supported by this version of AgentSpec"),
                (17, "pipeline is not supported by this version of AgentSpec"),
            ],
            constructs);
        Assert.Null(result.Package);
    }

    private static void AssertReportedThenRecovered(string construct, string marked)
    {
        var (text, line, column) = Source.Marked(marked);
        var afterLine = text.Split('\n').ToList().FindIndex(l => l.Contains("\"sytem\"", StringComparison.Ordinal)) + 1;

        var result = Source.Compile(text);

        var errors = result.Errors.ToList();
        Assert.True(errors.Count == 2, $"expected the construct and the later error, got:\n{string.Join("\n", result.Diagnostics)}\n--- source ---\n{text}");
        var unsupported = errors[0];
        Assert.Equal($"{construct} is not supported by this version of AgentSpec", unsupported.Message);
        Assert.Equal((Source.FileName, line, column), (unsupported.File, unsupported.Line, unsupported.Column));
        Assert.False(string.IsNullOrWhiteSpace(unsupported.Hint));
        Assert.Equal((afterLine, "prompt \"sytem\" is not defined", "did you mean \"system\"?"), (errors[1].Line, errors[1].Message, errors[1].Hint));
        Assert.Null(result.Package);
    }
}
