using AgentSpec.AppHost.Hosting;

namespace AgentSpec.IntegrationTests.Infrastructure;

/// <summary>
/// The executable Redis the tests run under the AppHost: <c>redis-server</c> when on PATH (what CI installs),
/// else Garnet. <c>AGENTSPEC_TEST_REDIS=garnet|redis</c> forces one, as for the other test projects.
/// Tests never use a container, so a developer's Docker daemon does not change what they prove.
/// </summary>
public static class TestRedisMode
{
    public static string Choose()
    {
        var forced = Environment.GetEnvironmentVariable("AGENTSPEC_TEST_REDIS");
        if (string.Equals(forced, "garnet", StringComparison.OrdinalIgnoreCase))
        {
            return "garnet";
        }

        if (string.Equals(forced, "redis", StringComparison.OrdinalIgnoreCase))
        {
            return "executable";
        }

        return ExecutableSearch.FindOnPath("redis-server") is not null ? "executable" : "garnet";
    }
}
