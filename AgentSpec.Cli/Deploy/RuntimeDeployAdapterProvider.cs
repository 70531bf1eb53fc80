using AgentSpec.Cli.Commands;
using AgentSpec.Cli.Runtime;
using AgentSpec.Core.Apply;

namespace AgentSpec.Cli.Deploy;

/// <summary>
/// Targets <c>runtime</c> (<c>url "…"</c>) and <c>process</c> (the original tool's name: the runtime at
/// <c>http://localhost:PORT</c>) both deploy through the runtime API.
/// </summary>
public sealed class RuntimeDeployAdapterProvider(CliContext cliContext, RuntimeConnectionOptions options, TimeSpan requestTimeout) : IDeployAdapterProvider, IDisposable
{
    private readonly List<RuntimeClient> _clients = [];

    public IReadOnlyList<string> Targets { get; } = ["runtime", "process"];

    public IDeployAdapter Create(DeployContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var endpoint = RuntimeEndpoint.Resolve(cliContext, options, context.Target);
        var client = RuntimeClient.Create(endpoint.Url, endpoint.ApiKey, requestTimeout);
        _clients.Add(client);
        return new RuntimeDeployAdapter(client, context.Package);
    }

    public void Dispose()
    {
        foreach (var client in _clients)
        {
            client.Dispose();
        }
    }
}
