using AgentSpec.AppHost.Redis;

namespace AgentSpec.AppHost.Tests.Redis;

internal sealed class FakeProbes : IRedisServerProbes
{
    private readonly bool _containerAnswers;
    private readonly string? _redisServer;

    public FakeProbes(bool containerAnswers, string? redisServer)
    {
        _containerAnswers = containerAnswers;
        _redisServer = redisServer;
    }

    public int ContainerProbes { get; private set; }

    public TimeSpan? LastTimeout { get; private set; }

    public bool ContainerRuntimeAnswers(TimeSpan timeout, out string description)
    {
        ContainerProbes++;
        LastTimeout = timeout;
        description = _containerAnswers ? "docker answered" : "docker has no reachable engine";
        return _containerAnswers;
    }

    public string? FindRedisServer() => _redisServer;
}
