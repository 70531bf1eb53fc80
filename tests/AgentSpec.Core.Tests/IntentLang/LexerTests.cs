using AgentSpec.Core.IntentLang;
using AgentSpec.Core.Resources;

namespace AgentSpec.Core.Tests.IntentLang;

/// <summary>Strings, escapes, numbers, comments and lexical errors, observed through the compiler.</summary>
public sealed class LexerTests
{
    private static (string Content, CompilationResult Result) PromptContent(string literal)
    {
        var result = Source.Compile(Source.Header + $"prompt \"p\" {{\n  content {literal}\n}}\n");
        Assert.False(result.HasErrors, string.Join("\n", result.Diagnostics));
        return (Assert.Single(result.Package!.Resources).Attributes["content"]!.GetValue<string>(), result);
    }

    [Fact]
    public void String_escapes_decode()
    {
        var content = PromptContent("\"line\\nnext\\ttab \\\"quoted\\\" back\\\\slash \\u00e9\\u00E9 \\uD83D\\uDE00\"").Content;

        Assert.Equal("line\nnext\ttab \"quoted\" back\\slash éé 😀", content);
    }

    [Fact]
    public void Strings_may_span_lines_and_keep_their_text_verbatim()
    {
        var content = PromptContent("\"first\n  second # not a comment // nor this\"").Content;

        Assert.Equal("first\n  second # not a comment // nor this", content);
    }

    [Fact]
    public void An_unknown_escape_is_kept_as_written_with_a_warning()
    {
        var (content, result) = PromptContent("\"match \\d+ here\"");

        Assert.Equal("match \\d+ here", content);
        var warning = Assert.Single(result.Diagnostics);
        Assert.Equal((DiagnosticSeverity.Warning, 3, 18), (warning.Severity, warning.Line, warning.Column));
        Assert.Equal("unknown escape sequence '\\d' is kept as written", warning.Message);
    }

    [Fact]
    public void An_unterminated_string_is_one_error_at_its_opening_quote()
    {
        var error = Source.SingleErrorAtMarker(Source.Header + "prompt \"p\" {\n  content ⟦\"never closed\n}\n\nagent \"a\" {\n  model \"m\"\n}\n");

        Assert.Equal("unterminated string", error.Message);
        Assert.Contains("double quote", error.Hint, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unterminated_string_at_the_end_of_the_file_does_not_hide_the_lines_after_it()
    {
        var (text, line, column) = Source.Marked(Source.Header + "agent \"a\" {\n  model \"m\"\n  uses prompt ⟦\"p\n  uses skill \"s\"\n}\n");

        var result = Source.Compile(text);

        Assert.Collection(
            result.Errors,
            unterminated => Assert.Equal((line, column, "unterminated string"), (unterminated.Line, unterminated.Column, unterminated.Message)),
            prompt => Assert.Equal("prompt \"p\" is not defined", prompt.Message),
            skill => Assert.Equal((line + 1, 14, "skill \"s\" is not defined"), (skill.Line, skill.Column, skill.Message)));
    }

    [Fact]
    public void A_bad_unicode_escape_is_reported_at_the_backslash()
    {
        var error = Source.SingleErrorAtMarker(Source.Header + "prompt \"p\" {\n  content \"caf⟦\\u00g9\"\n}\n");

        Assert.Equal("invalid unicode escape: \\u needs exactly four hex digits", error.Message);
    }

    [Fact]
    public void A_bad_character_is_reported_at_its_position_and_lexing_continues()
    {
        var (text, line, column) = Source.Marked(Source.Header + "prompt \"p\" {\n  content \"c\" ⟦@\n}\nagent \"a\" {\n  model \"m\"\n  uses prompt \"q\"\n}\n");

        var result = Source.Compile(text);

        Assert.Collection(
            result.Errors,
            bad => Assert.Equal((line, column, "unexpected character '@'"), (bad.Line, bad.Column, bad.Message)),
            later => Assert.Equal((7, 15, "prompt \"q\" is not defined"), (later.Line, later.Column, later.Message)));
    }

    [Theory]
    [InlineData("⟦'single words'", "strings use double quotes", "write \"single words\"")]
    [InlineData("\"c\"⟦;", "unexpected character ';'", "no semicolons")]
    public void Common_mistakes_get_a_hint(string content, string message, string hint)
    {
        var error = Source.SingleErrorAtMarker(Source.Header + $"prompt \"p\" {{\n  content {content}\n}}\n");

        Assert.Equal(message, error.Message);
        Assert.Contains(hint, error.Hint, StringComparison.Ordinal);
    }

    [Fact]
    public void A_number_glued_to_letters_is_a_malformed_number_with_a_hint()
    {
        var error = Source.SingleErrorAtMarker(Source.Header + "agent \"a\" {\n  model \"m\"\n  timeout ⟦30s\n}\n");

        Assert.Equal("malformed number '30s'", error.Message);
        Assert.Equal("durations, versions and other text are strings: write \"30s\"", error.Hint);
    }

    [Fact]
    public void Integers_floats_negatives_and_exponents_keep_their_json_types()
    {
        var result = Source.Compile(Source.Header + """
            deploy "d" target "process" {
              port 8080
              ratio 0.25
              offset -3
              big 1e21
              tiny 1.5e-7
              flags [true, false, "x", 2]
              nested {
                deeper {
                  level 3
                }
              }
            }
            """);

        Assert.False(result.HasErrors, string.Join("\n", result.Diagnostics));
        var settings = Assert.Single(result.Package!.DeployTargets).Settings;
        Assert.Equal(
            """{"big":1e+21,"flags":[true,false,"x",2],"nested":{"deeper":{"level":3}},"offset":-3,"port":8080,"ratio":0.25,"tiny":1.5e-7}""",
            CanonicalJson.Serialize(settings));
    }

    [Fact]
    public void Comments_of_both_kinds_go_anywhere_between_tokens()
    {
        var result = Source.Compile("""
            # leading comment
            package "t" version "0.1.0" lang "2.0" // trailing
            prompt "p" { # after the brace
              // a full-line comment
              content "c" # after a value
            } // after the block
            agent "a" { uses prompt "p" model "m" } #eof comment without newline
            """);

        Assert.False(result.HasErrors, string.Join("\n", result.Diagnostics));
        Assert.Equal(2, result.Package!.Resources.Count);
    }

    [Fact]
    public void Urls_in_strings_are_not_comments()
    {
        var result = Source.Compile(Source.Header + "server \"s\" {\n  transport \"sse\"\n  url \"https://example.com/#frag\"\n}\n");

        Assert.False(result.HasErrors, string.Join("\n", result.Diagnostics));
        Assert.Equal("https://example.com/#frag", Assert.Single(result.Package!.Resources).Attributes["url"]!.GetValue<string>());
    }

    [Fact]
    public void Columns_count_code_points_and_positions_survive_a_bom_and_crlf()
    {
        var text = "\uFEFFpackage \"t\" version \"0.1.0\" lang \"2.0\"\r\nprompt \"p\" {\r\n  content \"😀é\" @\r\n}\r\n";

        var result = Source.Compile(text);

        var error = Assert.Single(result.Diagnostics);
        Assert.Equal((3, 16, "unexpected character '@'"), (error.Line, error.Column, error.Message));
    }

    [Fact]
    public void An_empty_file_is_an_error_at_its_start()
    {
        var error = Assert.Single(Source.Compile("  # only a comment\n").Diagnostics);

        Assert.Equal((1, 1, "the file is empty"), (error.Line, error.Column, error.Message));
    }
}
