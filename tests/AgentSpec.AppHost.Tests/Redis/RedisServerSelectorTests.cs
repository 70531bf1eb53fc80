using AgentSpec.AppHost.Redis;

namespace AgentSpec.AppHost.Tests.Redis;

public sealed class RedisServerSelectorTests
{
    [Fact]
    public void Auto_prefers_a_container_when_the_runtime_answers_within_a_second()
    {
        var probes = new FakeProbes(containerAnswers: true, redisServer: "/usr/bin/redis-server");
        var choice = RedisServerSelector.Choose(RedisMode.Auto, probes);
        Assert.Equal(RedisServerKind.Container, choice.Kind);
        Assert.Equal(TimeSpan.FromSeconds(1), probes.LastTimeout);
        Assert.Contains("docker answered", choice.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Auto_falls_back_to_redis_server_on_PATH_and_says_why()
    {
        var choice = RedisServerSelector.Choose(RedisMode.Auto, new FakeProbes(containerAnswers: false, redisServer: "/opt/redis/bin/redis-server"));
        Assert.Equal(RedisServerKind.RedisServer, choice.Kind);
        Assert.Equal("/opt/redis/bin/redis-server", choice.RedisServerPath);
        Assert.Contains("no container runtime answered", choice.Reason, StringComparison.Ordinal);
        Assert.Contains("/opt/redis/bin/redis-server", choice.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Auto_falls_back_to_Garnet_when_neither_is_available()
    {
        var choice = RedisServerSelector.Choose(RedisMode.Auto, new FakeProbes(containerAnswers: false, redisServer: null));
        Assert.Equal(RedisServerKind.Garnet, choice.Kind);
        Assert.Contains("redis-server is not on PATH", choice.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(RedisMode.Container, RedisServerKind.Container)]
    [InlineData(RedisMode.Garnet, RedisServerKind.Garnet)]
    [InlineData(RedisMode.Executable, RedisServerKind.RedisServer)]
    public void An_explicit_mode_is_obeyed_without_probing_for_a_container(RedisMode mode, RedisServerKind expected)
    {
        var probes = new FakeProbes(containerAnswers: mode != RedisMode.Container, redisServer: "/usr/bin/redis-server");
        var choice = RedisServerSelector.Choose(mode, probes);
        Assert.Equal(expected, choice.Kind);
        Assert.Equal(0, probes.ContainerProbes);
    }

    [Fact]
    public void Executable_mode_without_redis_server_fails_with_a_clear_error()
    {
        var error = Assert.Throws<InvalidOperationException>(() =>
            RedisServerSelector.Choose(RedisMode.Executable, new FakeProbes(containerAnswers: true, redisServer: null)));
        Assert.Contains("redis-server is not on PATH", error.Message, StringComparison.Ordinal);
        Assert.Contains("AgentSpec:Redis:Mode", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_machine_probe_reports_a_missing_container_cli_quickly()
    {
        var probes = new MachineRedisServerProbes("agentspec-no-such-container-cli");
        Assert.False(probes.ContainerRuntimeAnswers(TimeSpan.FromSeconds(1), out var description));
        Assert.Contains("agentspec-no-such-container-cli is not on PATH", description, StringComparison.Ordinal);
    }
}
