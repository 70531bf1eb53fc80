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
/// Its preflight is an authenticated <c>GET /v1/agents</c>: <c>/healthz</c> is anonymous, so only a call
/// that needs the key proves the runtime accepts it.
/// </summary>
public sealed class RuntimeDeployAdapter(RuntimeClient client, LoweredPackage package) : IDeployAdapter
{
    public const string AdapterName = "runtime";

    private RuntimeUnreachableException? _timedOut;

    public string Name => AdapterName;

    public bool HasExternalEffects => true;

    public bool NeedsTarget(PlanAction action)
    {
        ArgumentNullException.ThrowIfNull(action);
        var kind = KindOf(action.Fqn);
        return kind == ResourceKinds.Agent
            || (action.Kind != PlanActionKind.Delete && kind is ResourceKinds.Prompt or ResourceKinds.Skill && AgentsUsing(action.Fqn).Any());
    }

    public Task PreflightAsync(CancellationToken cancellationToken) => client.ListAgentsAsync(cancellationToken);

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
            foreach (var agent in AgentsUsing(action.Fqn))
            {
                await DeployAsync(AgentDefinitionFactory.Create(package, agent), cancellationToken);
            }
        }
    }

    private IEnumerable<Resource> AgentsUsing(string fqn) =>
        package.Resources.Where(r => r.Kind == ResourceKinds.Agent && r.References.Contains(fqn, StringComparer.Ordinal));

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
