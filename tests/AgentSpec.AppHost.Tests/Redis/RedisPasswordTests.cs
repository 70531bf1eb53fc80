using AgentSpec.AppHost.Redis;

namespace AgentSpec.AppHost.Tests.Redis;

public sealed class RedisPasswordTests
{
    [Theory]
    [InlineData("a,b")]
    [InlineData("has space")]
    [InlineData("quote\"d")]
    [InlineData("back\\slash")]
    [InlineData("new\nline")]
    [InlineData("é")]
    public void Passwords_that_would_break_the_connection_string_or_config_are_refused(string password)
    {
        var error = Assert.Throws<InvalidOperationException>(() => RedisPassword.Validate(password, "redis-password"));
        Assert.Contains("redis-password", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_password_is_refused()
    {
        Assert.Throws<InvalidOperationException>(() => RedisPassword.Validate(string.Empty, "redis-password"));
    }

    [Fact]
    public void A_generated_style_password_is_accepted()
    {
        Assert.Equal("Ab3xY9kLmN0pQrStUvWx12", RedisPassword.Validate("Ab3xY9kLmN0pQrStUvWx12", "redis-password"));
    }
}
