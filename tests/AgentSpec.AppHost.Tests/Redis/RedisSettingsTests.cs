using AgentSpec.AppHost.Redis;
using Microsoft.Extensions.Configuration;

namespace AgentSpec.AppHost.Tests.Redis;

public sealed class RedisSettingsTests
{
    [Theory]
    [InlineData(null, RedisMode.Auto)]
    [InlineData("", RedisMode.Auto)]
    [InlineData("auto", RedisMode.Auto)]
    [InlineData("Container", RedisMode.Container)]
    [InlineData("EXECUTABLE", RedisMode.Executable)]
    [InlineData(" garnet ", RedisMode.Garnet)]
    public void Modes_are_read_case_insensitively(string? text, RedisMode expected)
    {
        Assert.Equal(expected, RedisSettings.ParseMode(text));
    }

    [Fact]
    public void An_unknown_mode_names_the_key_and_the_valid_values()
    {
        var error = Assert.Throws<InvalidOperationException>(() => RedisSettings.ParseMode("docker"));
        Assert.Contains("AgentSpec:Redis:Mode is 'docker'", error.Message, StringComparison.Ordinal);
        Assert.Contains("auto, container, executable or garnet", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_a_data_directory_each_server_gets_its_own_folder_under_the_AppHost()
    {
        var settings = RedisSettings.FromConfiguration(new ConfigurationBuilder().Build(), "/repo/AgentSpec.AppHost");
        Assert.Equal(RedisMode.Auto, settings.Mode);
        Assert.Equal("/repo/AgentSpec.AppHost/.data/redis-server", settings.DataDirectoryFor(RedisServerKind.RedisServer, "/repo/AgentSpec.AppHost"));
        Assert.Equal("/repo/AgentSpec.AppHost/.data/garnet", settings.DataDirectoryFor(RedisServerKind.Garnet, "/repo/AgentSpec.AppHost"));
    }

    [Fact]
    public void A_relative_data_directory_is_resolved_against_the_AppHost_directory()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["AgentSpec:Redis:Mode"] = "executable",
            ["AgentSpec:Redis:DataDirectory"] = "../var/redis",
        }).Build();
        var settings = RedisSettings.FromConfiguration(configuration, "/repo/AgentSpec.AppHost");
        Assert.Equal(RedisMode.Executable, settings.Mode);
        Assert.Equal("/repo/var/redis", settings.DataDirectoryFor(RedisServerKind.RedisServer, "/repo/AgentSpec.AppHost"));
    }
}
