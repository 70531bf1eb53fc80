using AgentSpec.Core.Apply;

namespace AgentSpec.Cli.Commands;

/// <summary>The deploy adapters this CLI can use, by target kind.</summary>
public static class DeployAdapters
{
    public static DeployAdapterCatalog Catalog(CliContext context, RuntimeConnectionOptions runtime)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(runtime);
        return new DeployAdapterCatalog([new RecordOnlyAdapter()]);
    }
}
