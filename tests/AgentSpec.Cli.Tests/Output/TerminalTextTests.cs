using AgentSpec.Cli.Output;

namespace AgentSpec.Cli.Tests.Output;

public sealed class TerminalTextTests
{
    [Theory]
    [InlineData("plain text, tabs\tand ünïcode ✓", "plain text, tabs\tand ünïcode ✓")]
    [InlineData("\u001b]52;c;ZXZpbA==\u0007", "\\u001b]52;c;ZXZpbA==\\u0007")]
    [InlineData("\u001b[2J", "\\u001b[2J")]
    [InlineData("a\rb\u0000c\u007fd\u0085e\u009bf", "a\\u000db\\u0000c\\u007fd\\u0085e\\u009bf")]
    [InlineData("line one\nline two", "line one\\u000aline two")]
    [InlineData("evil\u202egnp.exe", "evil\\u202egnp.exe")]
    public void Control_characters_become_visible_escapes(string text, string expected) =>
        Assert.Equal(expected, TerminalText.Sanitize(text));

    [Fact]
    public void Newlines_are_kept_when_asked_but_carriage_returns_are_not() =>
        Assert.Equal("one\ntwo\\u000d", TerminalText.Sanitize("one\ntwo\r", keepNewlines: true));
}
