using AgentSpec.Core.IntentLang;

namespace AgentSpec.Core.Tests.IntentLang;

public sealed class NameSuggestionsTests
{
    [Theory]
    [InlineData("web-serch", "web-search")]
    [InlineData("Summarize", "summarize")]
    [InlineData("escalte", "escalate")]
    public void Close_names_are_suggested(string typed, string expected) =>
        Assert.Equal(expected, NameSuggestions.Closest(typed, ["web-search", "summarize", "escalate", "s"]));

    [Theory]
    [InlineData("fs")]
    [InlineData("x")]
    [InlineData("translate")]
    public void Names_that_share_nothing_are_not_suggested(string typed) =>
        Assert.Null(NameSuggestions.Closest(typed, ["s", "web-search", "summarize"]));
}
