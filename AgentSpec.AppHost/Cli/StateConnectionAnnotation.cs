using AgentSpec.AppHost.Runtime;
using AgentSpec.Core.CliContract;

namespace AgentSpec.AppHost.Cli;

/// <summary>Where the <c>cli</c> resource's state lives, so the runtime's connection banner and the cli's Connection info command (both read it from the runtime resource) can print the lines for a terminal.</summary>
public sealed record StateConnectionAnnotation(IResourceWithConnectionString Redis, string Workspace) : IResourceAnnotation
{
    /// <summary>
    /// <c>export AGENTSPEC_STATE_BACKEND=redis ConnectionStrings__state=… AGENTSPEC_WORKSPACE=…</c>. It carries the
    /// Redis password, like the runtime line carries the API key: it is printed only on the AppHost's own console
    /// and in the dashboard, for the developer who runs them.
    /// </summary>
    public async Task<string> ExportLineAsync(CancellationToken cancellationToken)
    {
        var connection = await Redis.GetConnectionStringAsync(cancellationToken)
            ?? throw new InvalidOperationException($"The {Redis.Name} resource has no connection string yet.");
        return $"export {StateVariables.Backend}={StateVariables.RedisBackend} {StateVariables.RedisConnection}={RuntimeConnectionInfo.ShellWord(connection)} {StateVariables.Workspace}={Workspace}";
    }
}
