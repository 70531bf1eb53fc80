namespace AgentSpec.AppHost.Redis;

/// <summary>
/// Chooses the server behind the <c>redis</c> resource. <c>auto</c> prefers a container (what most Aspire
/// users expect), then <c>redis-server</c> from PATH, then Garnet, which only needs the .NET SDK, so
/// <c>dotnet run --project AgentSpec.AppHost</c> works on a fresh machine.
/// </summary>
public static class RedisServerSelector
{
    /// <summary>How long a container runtime may take to answer before <c>auto</c> moves on.</summary>
    public static readonly TimeSpan ContainerProbeTimeout = TimeSpan.FromSeconds(1);

    public static RedisServerChoice Choose(RedisMode mode, IRedisServerProbes probes)
    {
        ArgumentNullException.ThrowIfNull(probes);
        switch (mode)
        {
            case RedisMode.Container:
                return new RedisServerChoice(RedisServerKind.Container, $"{RedisSettings.ModeKey} is 'container'");
            case RedisMode.Garnet:
                return new RedisServerChoice(RedisServerKind.Garnet, $"{RedisSettings.ModeKey} is 'garnet'");
            case RedisMode.Executable:
                var path = probes.FindRedisServer() ?? throw new InvalidOperationException(
                    $"{RedisSettings.ModeKey} is 'executable' but redis-server is not on PATH. Install Redis (e.g. 'apt-get install redis-server') or use 'auto' or 'garnet'.");
                return new RedisServerChoice(RedisServerKind.RedisServer, $"{RedisSettings.ModeKey} is 'executable' and redis-server is at {path}", path);
            case RedisMode.Auto:
                return ChooseAutomatically(probes);
            default:
                throw new ArgumentOutOfRangeException(nameof(mode), mode, "Unknown Redis mode.");
        }
    }

    private static RedisServerChoice ChooseAutomatically(IRedisServerProbes probes)
    {
        if (probes.ContainerRuntimeAnswers(ContainerProbeTimeout, out var containerFinding))
        {
            return new RedisServerChoice(RedisServerKind.Container, $"mode 'auto': a container runtime answered ({containerFinding})");
        }

        var redisServer = probes.FindRedisServer();
        if (redisServer is not null)
        {
            return new RedisServerChoice(
                RedisServerKind.RedisServer,
                $"mode 'auto': no container runtime answered ({containerFinding}); redis-server found at {redisServer}",
                redisServer);
        }

        return new RedisServerChoice(
            RedisServerKind.Garnet,
            $"mode 'auto': no container runtime answered ({containerFinding}) and redis-server is not on PATH; using Garnet from the dotnet tool manifest");
    }
}
