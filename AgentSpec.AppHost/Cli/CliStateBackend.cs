using System.Text;
using AgentSpec.Core.CliContract;

namespace AgentSpec.AppHost.Cli;

/// <summary>
/// The <c>cli</c> resource keeps its state in the orchestrated <c>redis</c> (docs/architecture.md, "Shared state"): the
/// dashboard's commands and a terminal pointed at the same server share one state and one lock. The workspace
/// is one per AppHost: <c>AgentSpec:Cli:Workspace</c>, else derived from the AppHost's name.
/// </summary>
public static class CliStateBackend
{
    public const string WorkspaceKey = "AgentSpec:Cli:Workspace";

    public static IResourceBuilder<ProjectResource> WithRedisState(
        this IResourceBuilder<ProjectResource> cli,
        IResourceBuilder<IResourceWithConnectionString> redis,
        string workspace)
    {
        ArgumentNullException.ThrowIfNull(cli);
        ArgumentNullException.ThrowIfNull(redis);
        return cli
            .WithReference(redis, StateVariables.ConnectionName)
            .WaitFor(redis)
            .WithEnvironment(StateVariables.Backend, StateVariables.RedisBackend)
            .WithEnvironment(StateVariables.Workspace, workspace);
    }

    /// <summary>The configured workspace, else the AppHost's application name in workspace characters (e.g. <c>agentspec.apphost</c>).</summary>
    public static string Workspace(IDistributedApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var configured = builder.Configuration[WorkspaceKey];
        var name = string.IsNullOrWhiteSpace(configured) ? FromApplicationName(builder.Environment.ApplicationName) : configured.Trim();
        if (name.Length is 0 or > 64 || !char.IsAsciiLetterOrDigit(name[0]) || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-'))
        {
            throw new InvalidOperationException($"{WorkspaceKey} is '{name}', not a workspace name: use 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit.");
        }

        return name;
    }

    internal static string FromApplicationName(string? applicationName)
    {
        var builder = new StringBuilder();
        foreach (var c in (applicationName ?? string.Empty).ToLowerInvariant())
        {
            builder.Append(char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-' ? c : '-');
        }

        var name = builder.ToString().TrimStart('.', '_', '-');
        name = name.Length > 64 ? name[..64] : name;
        return name.Length == 0 ? StateVariables.DefaultWorkspace : name;
    }
}
