using System.Net;
using AgentSpec.Cli.Runtime;
using AgentSpec.Core.Apply;
using AgentSpec.Core.Planning;
using AgentSpec.Core.Resources;

namespace AgentSpec.Cli.Deploy;

/// <summary>
/// Deploys to the AgentSpec runtime: agents are PUT (create, update) and DELETEd. A prompt or skill
/// has no life of its own on the runtime, so changing one redeploys the agents that use it (their
/// definitions embed its content). Secrets, environments and MCP resources are recorded only.
/// Once the runtime has timed out, the remaining resources that need it fail at once with the same
/// sentence rather than each waiting out the timeout again (docs/cli.md, "Runtime errors").
/// </summary>
public sealed class RuntimeDeployAdapter(RuntimeClient client, LoweredPackage package) : IDeployAdapter
{
    public const string AdapterName = "runtime";

    private RuntimeUnreachableException? _timedOut;

    public string Name => AdapterName;

    public bool HasExternalEffects => true;

    public async Task ApplyAsync(PlanAction action, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(action);
        var kind = KindOf(action.Fqn);
        if (kind == ResourceKinds.Agent)
        {
            if (action.Kind == PlanActionKind.Delete)
            {
                await DeleteAgentAsync(NameOf(action.Fqn), cancellationToken);
            }
            else
            {
                await DeployAsync(AgentDefinitionFactory.Create(package, action.Desired!), cancellationToken);
            }

            return;
        }

        if (action.Kind != PlanActionKind.Delete && kind is ResourceKinds.Prompt or ResourceKinds.Skill)
        {
            foreach (var agent in package.Resources.Where(r => r.Kind == ResourceKinds.Agent && r.References.Contains(action.Fqn, StringComparer.Ordinal)))
            {
                await DeployAsync(AgentDefinitionFactory.Create(package, agent), cancellationToken);
            }
        }
    }

    private Task DeployAsync(AgentDefinition definition, CancellationToken cancellationToken) =>
        CallRuntimeAsync(() => client.DeployAgentAsync(definition, cancellationToken));

    private Task DeleteAgentAsync(string name, CancellationToken cancellationToken) =>
        CallRuntimeAsync(async () =>
        {
            try
            {
                // Already gone is what a delete wants: the runtime may have been reset since the last apply.
                await client.DeleteAgentAsync(name, cancellationToken);
            }
            catch (RuntimeApiException ex) when (ex.StatusCode == HttpStatusCode.NotFound)
            {
            }
        });

    private async Task CallRuntimeAsync(Func<Task> call)
    {
        if (_timedOut is { } earlier)
        {
            throw new RuntimeUnreachableException(earlier.Message, earlier) { TimedOut = true };
        }

        try
        {
            await call();
        }
        catch (RuntimeUnreachableException ex) when (ex.TimedOut)
        {
            _timedOut = ex;
            throw;
        }
    }

    private static string KindOf(string fqn)
    {
        var local = ResourceName.LocalPart(fqn);
        var slash = local.IndexOf('/', StringComparison.Ordinal);
        return slash < 0 ? local : local[..slash];
    }

    private static string NameOf(string fqn) => fqn[(fqn.LastIndexOf('/') + 1)..];
}
