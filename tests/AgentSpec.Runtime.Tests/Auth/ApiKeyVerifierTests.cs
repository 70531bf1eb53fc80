using AgentSpec.Runtime.Auth;

namespace AgentSpec.Runtime.Tests.Auth;

public sealed class ApiKeyVerifierTests
{
    [Theory]
    [InlineData("secret", true)]
    [InlineData("secreT", false)]
    [InlineData("secre", false)]
    [InlineData("secret ", false)]
    [InlineData("", false)]
    [InlineData("ключ", false)]
    public void Only_the_exact_key_matches(string presented, bool matches)
    {
        Assert.Equal(matches, ApiKeyVerifier.ForKey("secret").Matches(presented));
    }

    [Fact]
    public void Keys_longer_than_the_stack_buffer_are_compared_too()
    {
        var key = new string('k', 5000);
        var verifier = ApiKeyVerifier.ForKey(key);
        Assert.True(verifier.Matches(key));
        Assert.False(verifier.Matches(key[..^1] + "j"));
    }

    [Fact]
    public void Anonymous_allows_everything_and_says_so()
    {
        var verifier = ApiKeyVerifier.Anonymous();
        Assert.True(verifier.AllowsAnonymous);
        Assert.True(verifier.Matches("anything"));
        Assert.False(ApiKeyVerifier.ForKey("k").AllowsAnonymous);
    }
}
