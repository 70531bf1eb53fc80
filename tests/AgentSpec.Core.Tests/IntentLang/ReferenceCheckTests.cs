namespace AgentSpec.Core.Tests.IntentLang;

/// <summary>Every kind of reference must resolve; an unresolved one is reported at its string with a hint.</summary>
public sealed class ReferenceCheckTests
{
    private const string Declarations = """
        prompt "greeting" {
          content "c"
        }
        skill "web-search" {
          description "d"
          tool command { binary "b" }
        }
        secret "api-key" {
          env(API_KEY)
        }
        server "files" {
          transport "stdio"
          command "files-mcp"
        }
        client "desk" {
          connects to server "files"
        }
        agent "helper" {
          uses prompt "greeting"
          model "m"
        }

        """;

    public static TheoryData<string, string, string> Cases() => new()
    {
        { "agent \"x\" {\n  uses prompt ⟦\"greting\"\n  model \"m\"\n}", "prompt \"greting\" is not defined", "did you mean \"greeting\"?" },
        { "agent \"x\" {\n  uses skill ⟦\"web-serch\"\n  model \"m\"\n}", "skill \"web-serch\" is not defined", "did you mean \"web-search\"?" },
        { "agent \"x\" {\n  model \"m\"\n  connects to client ⟦\"dsk\"\n}", "client \"dsk\" is not defined", "did you mean \"desk\"?" },
        { "agent \"x\" {\n  model \"m\"\n  on_error \"fallback\"\n  fallback ⟦\"helpr\"\n}", "agent \"helpr\" is not defined", "did you mean \"helper\"?" },
        { "agent \"x\" {\n  model \"m\"\n  delegate to agent ⟦\"nobody\" when \"never\"\n}", "agent \"nobody\" is not defined", "defined agents: \"helper\", \"x\"" },
        { "client \"c\" {\n  connects to server ⟦\"file\"\n}", "server \"file\" is not defined", "did you mean \"files\"?" },
        { "server \"s\" {\n  transport \"stdio\"\n  command \"c\"\n  exposes skill ⟦\"websearch\"\n}", "skill \"websearch\" is not defined", "did you mean \"web-search\"?" },
        { "server \"s\" {\n  transport \"sse\"\n  url \"https://x\"\n  auth ⟦\"api_key\"\n}", "secret \"api_key\" is not defined", "did you mean \"api-key\"?" },
        { "skill \"m\" {\n  description \"d\"\n  tool mcp ⟦\"filez/read\"\n}", "server \"filez\" is not defined", "did you mean \"files\"?" },
        { "environment \"dev\" {\n  agent ⟦\"helpers\" {\n    model \"x\"\n    temperature 0.2\n  }\n}", "agent \"helpers\" is not defined", "did you mean \"helper\"?" },
        { "environment \"dev\" {\n  agent \"helper\" {\n    fallback ⟦\"ghost\"\n  }\n}", "agent \"ghost\" is not defined", "defined agents: \"helper\"" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void An_unresolved_reference_is_reported_at_its_string(string snippet, string message, string hint)
    {
        var error = Source.SingleErrorAtMarker(Source.Header + Declarations + snippet);

        Assert.Equal(message, error.Message);
        Assert.Equal(hint, error.Hint);
    }

    [Fact]
    public void A_reference_to_a_kind_with_no_declarations_says_so()
    {
        var error = Source.SingleErrorAtMarker(Source.Header + "agent \"a\" {\n  model \"m\"\n  uses skill ⟦\"search\"\n}\n");

        Assert.Equal("package \"t\" declares no skill; add skill \"search\" { … }", error.Hint);
    }

    [Fact]
    public void References_resolve_regardless_of_declaration_order()
    {
        var result = Source.Compile(Source.Header + """
            agent "first" {
              uses prompt "later"
              model "m"
              fallback "second"
              on_error "fallback"
            }
            agent "second" {
              uses prompt "later"
              model "m"
            }
            prompt "later" {
              content "c"
            }
            """);

        Assert.False(result.HasErrors, string.Join("\n", result.Diagnostics));
    }
}
