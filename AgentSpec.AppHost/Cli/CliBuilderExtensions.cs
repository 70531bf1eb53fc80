using AgentSpec.AppHost.Hosting;
using AgentSpec.Core.RuntimeApi;

namespace AgentSpec.AppHost.Cli;

/// <summary>
/// Registers the <c>cli</c> project: started on demand from the dashboard, it applies the example package
/// to the orchestrated runtime (found through service discovery) with the generated API key, keeping its
/// state in the orchestrated <c>redis</c> (<see cref="CliStateBackend"/>).
/// </summary>
public static class CliBuilderExtensions
{
    public const string ResourceName = "cli";
    public const string WorkingDirectoryKey = "AgentSpec:Cli:WorkingDirectory";
    public const string DefaultExample = "examples/support-bot";

    public static IResourceBuilder<ProjectResource> AddAgentSpecCli(
        this IDistributedApplicationBuilder builder,
        IResourceBuilder<ProjectResource> runtime,
        IResourceBuilder<ParameterResource> apiKey,
        IResourceBuilder<IResourceWithConnectionString> redis)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(runtime);
        var workingDirectory = WorkingDirectory(builder);
        var workspace = CliStateBackend.Workspace(builder);

        // The runtime's banner prints the state line too, so a terminal can join the same state and lock.
        runtime.WithAnnotation(new StateConnectionAnnotation(redis.Resource, workspace));
        return builder.AddProject<Projects.AgentSpec_Cli>(ResourceName)
            .WithExplicitStart()
            .WithReference(runtime)
            .WaitFor(runtime)
            .WithEnvironment(RuntimeVariables.ApiKey, apiKey)
            .WithRedisState(redis, workspace)
            .WithArgs(CliArguments.Apply(workingDirectory))
            .WithAgentSpecCliCommands(workingDirectory, runtime, apiKey);
    }

    /// <summary><c>AgentSpec:Cli:WorkingDirectory</c> (relative to the repository root), else <c>examples/support-bot</c>.</summary>
    public static string WorkingDirectory(IDistributedApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var root = RepositoryLayout.FindRoot(builder.AppHostDirectory);
        var configured = builder.Configuration[WorkingDirectoryKey];
        return Path.GetFullPath(string.IsNullOrWhiteSpace(configured) ? DefaultExample : configured, root);
    }
}
