using AgentSpec.Core.State;
using AgentSpec.Core.State.RedisBackend;
using AgentSpec.Core.Tests.Sessions;
using Microsoft.Extensions.Logging.Abstractions;

namespace AgentSpec.Core.Tests.State;

/// <summary>The Redis backend's <see cref="IStateLock.ImportAsync"/> (state migrate) passes the import conformance tests on a real server.</summary>
public sealed class RedisStateImportTests(RedisServerFixture redis) : StateImportConformance, IClassFixture<RedisServerFixture>
{
    protected override IStateBackend CreateBackend() =>
        new RedisStateBackend(redis.Connection, new RedisStateBackendOptions { Workspace = "import-" + Guid.NewGuid().ToString("N") }, NullLogger<RedisStateBackend>.Instance, TimeProvider.System);
}
