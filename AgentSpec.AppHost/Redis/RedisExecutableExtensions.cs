using AgentSpec.AppHost.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace AgentSpec.AppHost.Redis;

/// <summary>The executable flavour of the <c>redis</c> resource: <c>redis-server</c> or Garnet run by the orchestrator.</summary>
internal static class RedisExecutableExtensions
{
    public static IResourceBuilder<RedisServerResource> AddRedisServerExecutable(
        this IDistributedApplicationBuilder builder,
        string name,
        RedisServerChoice choice,
        string dataDirectory,
        IResourceBuilder<ParameterResource> password)
    {
        var repositoryRoot = RepositoryLayout.FindRoot(builder.AppHostDirectory);
        var command = choice.Kind == RedisServerKind.RedisServer
            ? choice.RedisServerPath ?? throw new ArgumentException("A redis-server choice carries its path.", nameof(choice))
            : DotnetHost.Path();
        var resource = new RedisServerResource(name, command, choice.Kind, dataDirectory, password.Resource);

        var healthCheckKey = $"{name}_ping";
        builder.Services.AddHealthChecks().Add(new HealthCheckRegistration(
            healthCheckKey,
            _ => new RedisServerHealthCheck(resource),
            failureStatus: null,
            tags: null));

        return builder.AddResource(resource)
            .WithEndpoint(name: RedisServerResource.PrimaryEndpointName, scheme: "tcp")
            .WithArgs(async context =>
            {
                if (resource.Kind == RedisServerKind.Garnet)
                {
                    var entryPoint = context.ExecutionContext.IsRunMode
                        ? await GarnetTool.RestoreAndLocateAsync(repositoryRoot, context.CancellationToken)
                        : GarnetTool.PackageId;
                    context.Args.Add(entryPoint);
                    context.Args.Add("--config-import-path");
                }

                // Only the file name and port appear on the command line (and in the dashboard); the password stays in the 0600 file.
                context.Args.Add(resource.ConfigurationFile);
                context.Args.Add("--port");
                context.Args.Add(resource.PrimaryEndpoint.Property(EndpointProperty.TargetPort));
            })
            .OnBeforeResourceStarted(async (redis, startEvent, cancellationToken) =>
            {
                var secret = RedisPassword.Validate(await redis.PasswordParameter.GetValueAsync(cancellationToken), redis.PasswordParameter.Name);
                Directory.CreateDirectory(redis.DataDirectory);
                var contents = redis.Kind == RedisServerKind.Garnet
                    ? GarnetConfigFile.Render(redis.DataDirectory, secret)
                    : RedisServerConfigFile.Render(redis.DataDirectory, secret);
                await OwnerOnlyFile.WriteAsync(redis.ConfigurationFile, contents, cancellationToken);
                var logger = startEvent.Services.GetRequiredService<ResourceLoggerService>().GetLogger(redis);
                var server = AgentSpecRedisExtensions.Describe(redis.Kind);
                RedisLog.ConfigurationWritten(logger, redis.ConfigurationFile, server);
            })
            .WithHealthCheck(healthCheckKey);
    }
}
