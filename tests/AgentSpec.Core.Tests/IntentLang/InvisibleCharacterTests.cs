using AgentSpec.Core.IntentLang;

namespace AgentSpec.Core.Tests.IntentLang;

/// <summary>
/// "Trojan Source": bidirectional controls and invisible characters must not make a file read differently from
/// what it is. Names, references and words reject every invisible character; bidirectional embedding, override
/// and isolate controls and tag characters are rejected raw anywhere (docs/intentlang.md, "Lexical rules").
/// </summary>
public sealed class InvisibleCharacterTests
{
    private const string NameHint =
        "invisible and bidirectional control characters can make a name look like another one (Trojan Source); remove it";

    public static TheoryData<string, string> NameCharacters => new()
    {
        { "\u202E", "U+202E (RIGHT-TO-LEFT OVERRIDE)" },
        { "\u2066", "U+2066 (LEFT-TO-RIGHT ISOLATE)" },
        { "\u200B", "U+200B (ZERO WIDTH SPACE)" },
        { "\u200D", "U+200D (ZERO WIDTH JOINER)" },
        { "\u200E", "U+200E (LEFT-TO-RIGHT MARK)" },
        { "\u200F", "U+200F (RIGHT-TO-LEFT MARK)" },
        { "\u2060", "U+2060 (WORD JOINER)" },
        { "\u00AD", "U+00AD (SOFT HYPHEN)" },
        { "\uFEFF", "U+FEFF (ZERO WIDTH NO-BREAK SPACE)" },
        { "\u3164", "U+3164 (HANGUL FILLER)" },
        { "\uFE0F", "U+FE0F" },
    };

    [Theory]
    [MemberData(nameof(NameCharacters))]
    public void A_declaration_name_with_an_invisible_character_is_rejected_at_the_name(string invisible, string described)
    {
        var result = Source.Compile(Source.Header + $"agent \"help{invisible}er\" {{\n  model \"m\"\n}}\n");

        var error = Assert.Single(result.Errors, e => e.Message.StartsWith("the agent name", StringComparison.Ordinal));
        Assert.Equal((2, 7), (error.Line, error.Column));
        Assert.Equal($"the agent name \"help{Escaped(invisible)}er\" contains the invisible character {described}", error.Message);
        Assert.Equal(NameHint, error.Hint);
        Assert.Null(result.Package);
    }

    [Fact]
    public void A_name_written_with_an_escape_is_rejected_too()
    {
        var error = Source.SingleErrorAtMarker(Source.Header + "prompt ⟦\"sys\\u200Btem\" {\n  content \"c\"\n}\n");

        Assert.Equal("the prompt name \"sys\\u200Btem\" contains the invisible character U+200B (ZERO WIDTH SPACE)", error.Message);
    }

    [Fact]
    public void The_package_name_rejects_invisible_characters()
    {
        var error = Source.SingleErrorAtMarker("package ⟦\"sh\\u00ADop\" version \"0.1.0\" lang \"2.0\"\n");

        Assert.Equal("the package name \"sh\\u00ADop\" contains the invisible character U+00AD (SOFT HYPHEN)", error.Message);
        Assert.Equal(NameHint, error.Hint);
    }

    [Fact]
    public void A_reference_with_an_invisible_character_says_so_instead_of_not_defined()
    {
        var error = Source.SingleErrorAtMarker(Source.Header + "prompt \"system\" {\n  content \"c\"\n}\nagent \"a\" {\n  model \"m\"\n  uses prompt ⟦\"sys\\u2060tem\"\n}\n");

        Assert.Equal("the prompt reference \"sys\\u2060tem\" contains the invisible character U+2060 (WORD JOINER)", error.Message);
    }

    [Fact]
    public void Environment_override_targets_and_map_keys_are_names_too()
    {
        var (text, line, column) = Source.Marked(Source.Header + "agent \"a\" {\n  model \"m\"\n}\nenvironment \"prod\" {\n  agent ⟦\"a\\u200C\" { model \"n\" }\n}\n");
        var overrideError = Assert.Single(Source.Compile(text).Errors);
        var keyError = Source.SingleErrorAtMarker(Source.Header + "skill \"s\" {\n  description \"d\"\n  tool http {\n    url \"http://x\"\n    headers { ⟦\"X-Key\\u200B\" \"v\" }\n  }\n}\n");

        Assert.Equal((line, column), (overrideError.Line, overrideError.Column));
        Assert.Equal("the agent reference \"a\\u200C\" contains the invisible character U+200C (ZERO WIDTH NON-JOINER)", overrideError.Message);
        Assert.Equal("the key \"X-Key\\u200B\" in headers of tool http of skill \"s\" contains the invisible character U+200B (ZERO WIDTH SPACE)", keyError.Message);
    }

    [Fact]
    public void A_blank_hangul_letter_in_a_bare_word_is_rejected_where_it_is()
    {
        var error = Source.SingleErrorAtMarker(Source.Header + "prompt \"p\" {\n  content \"c\"\n  variables { query⟦\u3164 string }\n}\n");

        Assert.Equal("the word \"query\\u3164\" contains the invisible character U+3164 (HANGUL FILLER)", error.Message);
    }

    [Theory]
    [InlineData("prompt \"p\" {\n  content \"access ⟦\u202Eadmin\u202C granted\"\n}\n", "U+202E (RIGHT-TO-LEFT OVERRIDE)", "\\u202E")]
    [InlineData("prompt \"p\" {\n  content \"c\" # comment ⟦\u2067hidden\u2069\n}\n", "U+2067 (RIGHT-TO-LEFT ISOLATE)", "\\u2067")]
    [InlineData("prompt \"p\" {\n  content \"c\"\n}\n⟦\u202D\n", "U+202D (LEFT-TO-RIGHT OVERRIDE)", "\\u202D")]
    public void A_raw_bidirectional_control_anywhere_is_an_error_at_its_exact_position(string body, string described, string escape)
    {
        var (text, line, column) = Source.Marked(Source.Header + body);

        var result = Source.Compile(text);

        var error = result.Errors.First();
        Assert.Equal((line, column), (error.Line, error.Column));
        Assert.Equal($"the bidirectional control character {described} is not allowed in IntentLang source", error.Message);
        Assert.Equal(
            $"it can make the file display differently from how it is read (Trojan Source); remove it, or write the escape {escape} inside a string if the text needs it",
            error.Hint);
        Assert.All(result.Errors.Skip(1), e => Assert.StartsWith("the bidirectional control character", e.Message, StringComparison.Ordinal));
        Assert.Null(result.Package);
    }

    [Fact]
    public void A_raw_tag_character_in_a_prompt_is_an_error_counting_columns_in_code_points()
    {
        var result = Source.Compile(Source.Header + "prompt \"p\" {\n  content \"😀 hi\U000E0041\"\n}\n");

        var error = Assert.Single(result.Errors);
        // The emoji is two UTF-16 units but one column: the tag character is at column 16.
        Assert.Equal((3, 16), (error.Line, error.Column));
        Assert.Equal("the invisible tag character U+E0041 is not allowed in IntentLang source", error.Message);
        Assert.Equal(
            "tag characters can hide text from whoever reads the file; remove it, or write the escapes \\uDB40\\uDC41 inside a string if the text needs it",
            error.Hint);
    }

    [Fact]
    public void Escaped_bidirectional_controls_and_marks_in_ordinary_strings_are_accepted()
    {
        // Right-to-left text legitimately needs marks and joiners; an escape makes a control visible to reviewers.
        var result = Source.Compile(Source.Header + "prompt \"p\" {\n  content \"שלום\u200F, می\u200Cخواهم \\u202Edone\\u202C 👩\u200D💻\"\n}\n");

        Assert.False(result.HasErrors, string.Join("\n", result.Diagnostics));
        Assert.Equal("שלום\u200F, می\u200Cخواهم \u202Edone\u202C 👩\u200D💻", result.Package!.Resources.Single().Attributes["content"]!.GetValue<string>());
    }

    [Fact]
    public void An_invisible_character_outside_a_string_is_shown_by_its_code_point_not_raw()
    {
        var error = Source.SingleErrorAtMarker(Source.Header + "prompt \"p\" {\n  content \"c\" ⟦\u200B\n}\n");

        Assert.Equal("unexpected character 'U+200B (ZERO WIDTH SPACE)'", error.Message);
    }

    [Fact]
    public void An_unpaired_surrogate_in_text_given_as_a_string_is_an_error_not_a_replacement_character()
    {
        var error = Source.SingleErrorAtMarker(Source.Header + "prompt \"p\" {\n  content \"a⟦\uD800b\"\n}\n");

        Assert.Equal("unpaired surrogate U+D800: the text is not valid Unicode", error.Message);
    }

    private static string Escaped(string invisible) => string.Concat(invisible.Select(c => $"\\u{(int)c:X4}"));
}
