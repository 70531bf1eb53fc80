namespace AgentSpec.Core.Tests.IntentLang;

/// <summary>Each structural rule gives exactly one error, at the right place, with a useful message.</summary>
public sealed class StructuralCheckTests
{
    private const string Prompt = "prompt \"p\" {\n  content \"c\"\n}\n";
    private const string Skill = "skill \"s\" {\n  description \"d\"\n  tool command {\n    binary \"b\"\n  }\n}\n";

    public static TheoryData<string, string, string?> Cases() => new()
    {
        // required attributes
        { "⟦prompt \"p\" {\n  version \"1\"\n}", "prompt \"p\" has no content", "add content" },
        { "prompt \"p\" {\n  content ⟦\"\"\n}", "content of prompt \"p\" must not be empty", null },
        { "⟦skill \"s\" {\n  tool command { binary \"b\" }\n}", "skill \"s\" has no description", "add description" },
        { "⟦skill \"s\" {\n  description \"d\"\n  input { q string }\n}", "skill \"s\" has no tool", "tool command" },
        { Prompt + "⟦agent \"a\" {\n  uses prompt \"p\"\n}", "agent \"a\" has no model", "add model" },
        { "⟦secret \"k\" {\n}", "secret \"k\" has no source", "env(VARIABLE_NAME)" },
        { "server \"m\" {\n  transport ⟦\"stdio\"\n}", "server \"m\" uses transport \"stdio\" but has no command", "add command" },
        { "server \"m\" {\n  transport ⟦\"sse\"\n}", "server \"m\" uses transport \"sse\" but has no url", "add url" },
        { "⟦server \"m\" {\n  command \"x\"\n}", "server \"m\" has no transport", null },
        { "⟦client \"c\" {\n}", "client \"c\" connects to no server", "connects to server" },
        { "skill \"s\" {\n  description \"d\"\n  ⟦tool command {\n    args [\"-v\"]\n  }\n}", "tool command of skill \"s\" has no binary", "add binary" },
        { "skill \"s\" {\n  description \"d\"\n  ⟦tool http {\n    method \"GET\"\n  }\n}", "tool http of skill \"s\" has no url", "add url" },
        { "skill \"s\" {\n  description \"d\"\n  ⟦tool inline {\n    language \"python\"\n  }\n}", "tool inline of skill \"s\" has no code", "add code" },
        { "⟦package \"t\" lang \"2.0\"\n", "package \"t\" has no version", "add version" },
        { "⟦package \"t\" version \"1.0.0\"\n", "package \"t\" has no lang", "lang \"2.0\"" },

        // exactly one tool, exactly one of model/models
        { "skill \"s\" {\n  description \"d\"\n  tool command { binary \"a\" }\n  ⟦tool http { url \"u\" }\n}", "skill \"s\" has more than one tool", "exactly one tool" },
        { "skill \"s\" {\n  description \"d\"\n  tool command { binary \"a\" }\n  ⟦execution command \"a\"\n}", "skill \"s\" has both a tool and an execution", "exactly one tool" },
        { Prompt + "agent \"a\" {\n  model \"m\"\n  ⟦models [\"x\", \"y\"]\n}", "agent \"a\" sets both model and models", "keep one" },
        { "agent \"a\" {\n  ⟦models []\n}", "models of agent \"a\" is empty", null },

        // value ranges and known values
        { "agent \"a\" {\n  model \"m\"\n  temperature ⟦2.5\n}", "temperature of agent \"a\" must be between 0 and 2, found 2.5", null },
        { "agent \"a\" {\n  model \"m\"\n  temperature ⟦-0.1\n}", "temperature of agent \"a\" must be between 0 and 2, found -0.1", null },
        { "agent \"a\" {\n  model \"m\"\n  max_turns ⟦0\n}", "max_turns of agent \"a\" must be greater than 0, found 0", null },
        { "agent \"a\" {\n  model \"m\"\n  token_budget ⟦-1\n}", "token_budget of agent \"a\" must not be negative, found -1", null },
        { "agent \"a\" {\n  model \"m\"\n  max_retries ⟦-2\n}", "max_retries of agent \"a\" must not be negative, found -2", null },
        { "agent \"a\" {\n  model \"m\"\n  on_error ⟦\"explode\"\n}", "invalid on_error \"explode\" in agent \"a\"", "retry, fail, fallback" },
        { "agent \"a\" {\n  model \"m\"\n  on_error ⟦\"fallback\"\n}", "agent \"a\" has on_error \"fallback\" but no fallback agent", "add fallback" },
        { "agent \"a\" {\n  model \"m\"\n  strategy ⟦\"plan-execute\"\n}", "invalid strategy \"plan-execute\" in agent \"a\"", "did you mean \"plan-and-execute\"?" },
        { "agent \"a\" {\n  model \"m\"\n  timeout ⟦\"soon\"\n}", "invalid timeout \"soon\" in agent \"a\"", "\"30s\"" },
        { "agent \"a\" {\n  model \"m\"\n  memory {\n    max_messages ⟦0\n  }\n}", "memory max_messages of agent \"a\" must be greater than 0, found 0", null },
        { "agent \"a\" {\n  model \"m\"\n  fallback ⟦\"a\"\n}", "agent \"a\" cannot fall back to itself", null },
        { "skill \"s\" {\n  description \"d\"\n  input {\n    q ⟦strin\n  }\n  tool command { binary \"b\" }\n}", "unknown type 'strin' in input of skill \"s\"", "did you mean 'string'?" },
        { "skill \"s\" {\n  description \"d\"\n  tool http {\n    url \"u\"\n    method ⟦\"FETCH\"\n  }\n}", "invalid method \"FETCH\" in tool http of skill \"s\"", null },
        { "skill \"s\" {\n  description \"d\"\n  tool mcp ⟦\"no-slash\"\n}", "invalid MCP tool reference \"no-slash\" in skill \"s\"", "server-name/tool-name" },
        { "secret \"k\" {\n  env(⟦MY-KEY)\n}", "invalid environment variable name \"MY-KEY\" in secret \"k\"", null },
        { "server \"m\" {\n  transport ⟦\"http\"\n  url \"u\"\n}", "invalid transport \"http\" in server \"m\"", "stdio, sse, streamable-http" },
        { "package \"t\" version ⟦\"1.0\" lang \"2.0\"\n", "invalid version \"1.0\" in the package header", "MAJOR.MINOR.PATCH" },
        { "package \"t\" version \"1.0.0\" lang ⟦\"2.1\"\n", "unknown IntentLang version \"2.1\"", "use lang \"2.0\"" },
        { "package \"t\" version \"1.0.0\" lang ⟦\"1.0\"\n", "IntentLang 1.0 is no longer supported", null },

        // duplicates
        { Prompt + "prompt ⟦\"p\" {\n  content \"again\"\n}", "duplicate prompt \"p\"", "already declared at line 2, column 8" },
        { "agent \"a\" {\n  model \"m\"\n  ⟦model \"n\"\n}", "duplicate attribute 'model' in agent \"a\"", "line 3, column 3" },
        { Skill + "agent \"a\" {\n  model \"m\"\n  uses skill \"s\"\n  uses skill ⟦\"s\"\n}", "skill \"s\" is listed twice used by agent \"a\"", null },
        { "skill \"s\" {\n  description \"d\"\n  input {\n    q string\n    ⟦q number\n  }\n  tool command { binary \"b\" }\n}", "duplicate field 'q' in input of skill \"s\"", null },
        { "deploy \"a\" target \"process\" {\n  default true\n}\ndeploy \"b\" target \"docker\" {\n  default ⟦true\n}", "more than one deploy target is marked default", "deploy \"a\" is already the default" },
        { "deploy \"a\" target \"process\" {\n  port 1\n  ⟦port 2\n}", "duplicate attribute 'port' in deploy \"a\"", null },
        { "secret \"k\" {\n  env(A)\n  ⟦store(\"p\")\n}", "secret \"k\" has more than one source", null },

        // environment overrides follow the same rules as the declarations
        { Prompt + "agent \"a\" {\n  model \"m\"\n}\nenvironment \"dev\" {\n  agent \"a\" {\n    ⟦modle \"x\"\n  }\n}", "unknown attribute 'modle' in agent \"a\" in environment \"dev\"", "did you mean 'model'?" },
        { "agent \"a\" {\n  model \"m\"\n}\nenvironment \"dev\" {\n  agent \"a\" {\n    temperature ⟦7\n  }\n}", "temperature of agent \"a\" in environment \"dev\" must be between 0 and 2, found 7", null },
        { "agent \"a\" {\n  model \"m\"\n}\nenvironment \"dev\" {\n  agent \"a\" {\n    max_turns ⟦\"many\"\n  }\n}", "max_turns of agent \"a\" in environment \"dev\" must be a whole number, found \"many\"", null },
        { "agent \"a\" {\n  model \"m\"\n}\nenvironment \"dev\" {\n  ⟦robot \"a\" {\n    model \"x\"\n  }\n}", "unknown resource kind 'robot' in environment \"dev\"", null },

        // unknown attributes get a did-you-mean hint
        { "agent \"a\" {\n  model \"m\"\n  ⟦temprature 0.5\n}", "unknown attribute 'temprature' in agent \"a\"", "did you mean 'temperature'?" },
        { "⟦agnet \"a\" {\n  model \"m\"\n}", "unknown declaration 'agnet'", "did you mean 'agent'?" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Each_rule_reports_one_error_at_its_position(string snippet, string message, string? hintFragment)
    {
        var source = snippet.Contains("package ", StringComparison.Ordinal) ? snippet : Source.Header + snippet;

        var error = Source.SingleErrorAtMarker(source);

        Assert.Equal(message, error.Message);
        if (hintFragment is not null)
        {
            Assert.Contains(hintFragment, error.Hint, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void The_same_name_in_different_kinds_is_not_a_duplicate()
    {
        var result = Source.Compile(Source.Header + """
            prompt "support" {
              content "c"
            }
            skill "support" {
              description "d"
              tool command { binary "b" }
            }
            agent "support" {
              uses prompt "support"
              uses skill "support"
              model "m"
            }
            """);

        Assert.False(result.HasErrors, string.Join("\n", result.Diagnostics));
        Assert.Equal(["t/Agent/support", "t/Prompt/support", "t/Skill/support"], result.Package!.Resources.Select(r => r.Fqn));
    }

    [Fact]
    public void A_line_whose_value_failed_to_parse_is_not_also_reported_as_missing()
    {
        var (text, line, column) = Source.Marked(Source.Header + "agent \"a\" {\n  model ⟦claude\n}\n");

        var result = Source.Compile(text);

        var error = Assert.Single(result.Diagnostics);
        Assert.Equal((line, column), (error.Line, error.Column));
        Assert.Equal("expected a string after 'model' in agent \"a\", found 'claude'", error.Message);
        Assert.Equal("put the value in double quotes: model \"claude\"", error.Hint);
    }
}
