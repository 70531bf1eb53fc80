using AgentSpec.AppHost.Redis;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;

namespace AgentSpec.AppHost.Tests.Model;

/// <summary>Runs the real AppHost Program up to <c>Build()</c> and exposes its resources, without starting anything.</summary>
internal static class AppModel
{
    public static async Task<IDistributedApplicationTestingBuilder> CreateAsync(params string[] args)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        return await DistributedApplicationTestingBuilder.CreateAsync<Projects.AgentSpec_AppHost>(args, cts.Token);
    }

    /// <summary>
    /// A builder with only the <c>redis</c> resource, added exactly as Program adds it but with the machine probed by
    /// <paramref name="probes"/>, so a mode can be modelled on a machine that lacks its server.
    /// </summary>
    public static IDistributedApplicationBuilder CreateRedisOnly(IRedisServerProbes probes, params string[] args)
    {
        var builder = DistributedApplication.CreateBuilder(args);
        builder.AddAgentSpecRedis(probes);
        return builder;
    }

    public static T Resource<T>(this IDistributedApplicationBuilder builder, string name) where T : IResource =>
        Assert.IsType<T>(builder.Resources.Single(r => r.Name == name), exactMatch: false);

    /// <summary>The environment a resource gets, unevaluated (parameters, references and expressions as objects).</summary>
    public static async Task<Dictionary<string, object>> EnvironmentAsync(this IDistributedApplicationBuilder builder, IResource resource)
    {
        var variables = new Dictionary<string, object>(StringComparer.Ordinal);
        var context = new EnvironmentCallbackContext(builder.ExecutionContext, resource, variables, CancellationToken.None);
        foreach (var callback in resource.Annotations.OfType<EnvironmentCallbackAnnotation>())
        {
            await callback.Callback(context);
        }

        return variables;
    }

    /// <summary>The command-line arguments a resource gets, unevaluated.</summary>
    public static async Task<List<object>> ArgumentsAsync(this IResource resource)
    {
        var arguments = new List<object>();
        var context = new CommandLineArgsCallbackContext(arguments, resource, CancellationToken.None);
        foreach (var callback in resource.Annotations.OfType<CommandLineArgsCallbackAnnotation>())
        {
            await callback.Callback(context);
        }

        return arguments;
    }
}
