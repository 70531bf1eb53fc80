using Microsoft.Extensions.Hosting;

namespace AgentSpec.Cli.Hosting;

/// <summary>A host lifetime that leaves process signals alone: <see cref="AgentSpecCli"/> owns them.</summary>
internal sealed class CliHostLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
