using AgentSpec.Cli.Deploy;
using AgentSpec.Cli.Runtime;
using AgentSpec.Core.Apply;
using AgentSpec.Core.Resources;

namespace AgentSpec.Cli.Commands;

/// <summary>
/// The deploy adapter for a deploy block's target kind: <c>record-only</c>, or <c>runtime</c> (<c>url "…"</c>)
/// and <c>process</c> (the original tool's name: the runtime at <c>http://localhost:PORT</c>), which both
/// deploy through the runtime API.
/// </summary>
public static class DeployAdapters
{
    public const string RuntimeTarget = "runtime";
    public const string ProcessTarget = "process";

    public static IReadOnlyList<string> KnownTargets { get; } = [ProcessTarget, RecordOnlyAdapter.TargetName, RuntimeTarget];

    /// <param name="runtimeClient">The runtime client the adapter uses, for the caller to dispose; null for record-only.</param>
    public static IDeployAdapter Create(
        CliContext context,
        RuntimeConnectionOptions runtime,
        TimeSpan requestTimeout,
        LoweredPackage package,
        DeployTarget target,
        out RuntimeClient? runtimeClient)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(runtime);
        ArgumentNullException.ThrowIfNull(target);
        runtimeClient = null;
        switch (target.Target)
        {
            case RecordOnlyAdapter.TargetName:
                return new RecordOnlyAdapter();
            case RuntimeTarget or ProcessTarget:
                var endpoint = RuntimeEndpoint.Resolve(context, runtime, target);
                runtimeClient = RuntimeClients.Open(context, endpoint, requestTimeout);
                return new RuntimeDeployAdapter(runtimeClient, package);
            default:
                throw new UnknownDeployTargetException(target.Name, target.Target, KnownTargets);
        }
    }
}
