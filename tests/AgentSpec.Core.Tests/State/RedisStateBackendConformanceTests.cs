using AgentSpec.Core.State;
using AgentSpec.Core.State.RedisBackend;
using AgentSpec.Core.Tests.Sessions;
using Microsoft.Extensions.Logging.Abstractions;

namespace AgentSpec.Core.Tests.State;

/// <summary>The Redis backend passes the state backend conformance suite on a real server (Garnet or redis-server).</summary>
public sealed class RedisStateBackendConformanceTests : StateBackendConformance, IClassFixture<RedisServerFixture>
{
    private readonly RedisServerFixture _redis;

    public RedisStateBackendConformanceTests(RedisServerFixture redis) => _redis = redis;

    protected override IStateBackend CreateBackend() =>
        new RedisStateBackend(_redis.Connection, new RedisStateBackendOptions { Workspace = "conformance-" + Guid.NewGuid().ToString("N") }, NullLogger<RedisStateBackend>.Instance, TimeProvider.System);

    protected override IStateBackend OpenAgain(IStateBackend backend) =>
        new RedisStateBackend(_redis.Connection, new RedisStateBackendOptions { Workspace = ((RedisStateBackend)backend).Workspace }, NullLogger<RedisStateBackend>.Instance, TimeProvider.System);
}
