using AgentSpec.Core.IntentLang;

namespace AgentSpec.Core.Tests.IntentLang;

public sealed class IntentLangDurationTests
{
    [Theory]
    [InlineData("30s", 30_000)]
    [InlineData("1m30s", 90_000)]
    [InlineData("1.5h", 5_400_000)]
    [InlineData("250ms", 250)]
    [InlineData("2h45m", 9_900_000)]
    [InlineData("0s", 0)]
    public void Parses_go_style_durations(string text, long milliseconds)
    {
        Assert.True(IntentLangDuration.TryParse(text, out var duration));
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), duration);
    }

    [Theory]
    [InlineData("")]
    [InlineData(null)]
    [InlineData("30")]
    [InlineData("s")]
    [InlineData("10 s")]
    [InlineData("5d")]
    [InlineData("-5s")]
    [InlineData("1..5s")]
    public void Rejects_anything_else(string? text) => Assert.False(IntentLangDuration.TryParse(text, out _));
}
