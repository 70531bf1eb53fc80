using AgentSpec.Cli.Deploy;
using AgentSpec.Core.Apply;

namespace AgentSpec.Cli.Commands;

/// <summary>The deploy adapters this CLI can use, by target kind.</summary>
public static class DeployAdapters
{
    public static DeployAdapterCatalog Catalog(CliContext context, RuntimeConnectionOptions runtime, TimeSpan requestTimeout, out IDisposable resources)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(runtime);
        var runtimeProvider = new RuntimeDeployAdapterProvider(context, runtime, requestTimeout);
        resources = runtimeProvider;
        return new DeployAdapterCatalog([new RecordOnlyAdapter(), runtimeProvider]);
    }
}
