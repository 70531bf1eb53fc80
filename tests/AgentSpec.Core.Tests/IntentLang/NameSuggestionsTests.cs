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

    [Fact]
    public void Names_longer_than_256_characters_get_no_suggestion_so_huge_names_cost_no_quadratic_work()
    {
        var near = new string('a', 255);
        var huge = new string('a', 100_000);

        Assert.Equal(near, NameSuggestions.Closest(near + "b", [near]));
        Assert.Null(NameSuggestions.Closest(huge + "b", [huge]));
    }
}
