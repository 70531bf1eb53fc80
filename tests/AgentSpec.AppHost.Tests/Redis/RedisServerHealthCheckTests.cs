using AgentSpec.AppHost.Redis;
using AgentSpec.Testing;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace AgentSpec.AppHost.Tests.Redis;

/// <summary>The Redis health check (AspNetCore.HealthChecks.Redis over the resource's connection string) against a real server.</summary>
public sealed class RedisServerHealthCheckTests
{
    private const string Password = "HealthCheckPassw0rd";

    [Fact]
    public async Task Healthy_when_the_server_accepts_the_password_and_answers_PONG()
    {
        await using var server = await RedisServer.StartAsync(Password);
        var result = await CheckAsync(server.Port, Password);
        Assert.Equal(HealthStatus.Healthy, result.Status);
    }

    [Fact]
    public async Task Unhealthy_with_the_wrong_password()
    {
        await using var server = await RedisServer.StartAsync(Password);
        var result = await CheckAsync(server.Port, "wrong-password");
        Assert.Equal(HealthStatus.Unhealthy, result.Status);
        Assert.NotNull(result.Exception);
    }

    [Fact]
    public async Task Unhealthy_when_nothing_listens()
    {
        var result = await CheckAsync(LoopbackPort.Free(), Password);
        Assert.Equal(HealthStatus.Unhealthy, result.Status);
    }

    [Fact]
    public async Task Unhealthy_before_the_endpoint_is_allocated()
    {
        var resource = Resource("unused");
        var check = new RedisServerHealthCheck(resource);
        var result = await check.CheckHealthAsync(Context(check));
        Assert.Equal(HealthStatus.Unhealthy, result.Status);
    }

    private static async Task<HealthCheckResult> CheckAsync(int port, string password)
    {
        var resource = Resource(password);
        var endpoint = new EndpointAnnotation(System.Net.Sockets.ProtocolType.Tcp, uriScheme: "tcp", name: RedisServerResource.PrimaryEndpointName);
        resource.Annotations.Add(endpoint);
        endpoint.AllocatedEndpoint = new AllocatedEndpoint(endpoint, "127.0.0.1", port);
        var check = new RedisServerHealthCheck(resource);
        return await check.CheckHealthAsync(Context(check));
    }

    // As the health check service passes it: the registration says which status a failure reports.
    private static HealthCheckContext Context(IHealthCheck check) =>
        new() { Registration = new HealthCheckRegistration("redis_ping", check, HealthStatus.Unhealthy, tags: null) };

    private static RedisServerResource Resource(string password) =>
        new("redis", "/usr/bin/redis-server", AgentSpec.AppHost.Redis.RedisServerKind.RedisServer, Path.GetTempPath(), new ParameterResource("redis-password", _ => password, secret: true));
}
