using System.Text.Json;
using AgentSpec.AppHost.Redis;
using AgentSpec.AppHost.Runtime;
using AgentSpec.Core.RuntimeApi;
using AgentSpec.IntegrationTests.Infrastructure;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;

namespace AgentSpec.IntegrationTests;

/// <summary>Integration test 1: the AppHost starts; <c>redis</c> and both runtime replicas become healthy.</summary>
[Collection(AppHostTestGroup.Name)]
public sealed class AppHostStartsTests
{
    private readonly AgentSpecAppFixture _fixture;

    public AppHostStartsTests(AgentSpecAppFixture fixture)
    {
        _fixture = fixture;
    }

    [Fact]
    public async Task Redis_and_both_runtime_replicas_become_healthy()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var redis = await _fixture.App.ResourceNotifications.WaitForResourceHealthyAsync(AgentSpecRedisExtensions.ResourceName, cts.Token);
        Assert.Equal(KnownResourceStates.Running, redis.Snapshot.State?.Text);

        Assert.Equal(2, _fixture.RuntimeReplicas.Count);
        Assert.Equal(2, _fixture.RuntimeReplicas.Select(r => r.Url).Distinct().Count());

        // Each replica answers on its own address, and both use the orchestrated Redis.
        foreach (var replica in _fixture.RuntimeReplicas)
        {
            using var direct = _fixture.CreateRuntimeClient(replica);
            using var health = await direct.GetAsync(new Uri(RuntimeRoutes.Healthz, UriKind.Relative), cts.Token);
            Assert.True(health.IsSuccessStatusCode, $"{replica.ResourceId}: GET /healthz answered {(int)health.StatusCode}");
            using var body = JsonDocument.Parse(await health.Content.ReadAsStringAsync(cts.Token));
            Assert.Equal("ok", body.RootElement.GetProperty("status").GetString());
            Assert.Equal("redis", body.RootElement.GetProperty("session_store").GetString());
        }

        using var runtime = _fixture.CreateRuntimeClient();
        using var response = await runtime.GetAsync(new Uri(RuntimeRoutes.Healthz, UriKind.Relative), cts.Token);
        Assert.True(response.IsSuccessStatusCode, $"GET /healthz through the runtime endpoint answered {(int)response.StatusCode}");
    }

    [Fact]
    public async Task The_redis_resource_is_the_configured_executable_server_with_its_data_in_the_test_directory()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        var model = _fixture.App.Services.GetRequiredService<DistributedApplicationModel>();
        var redis = Assert.IsType<RedisServerResource>(model.Resources.Single(r => r.Name == AgentSpecRedisExtensions.ResourceName));
        Assert.Equal(_fixture.RedisMode == "garnet" ? RedisServerKind.Garnet : RedisServerKind.RedisServer, redis.Kind);
        Assert.Equal(_fixture.RedisDataDirectory, redis.DataDirectory);

        // The password lives in a 0600 file, not on the command line.
        Assert.True(File.Exists(redis.ConfigurationFile));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(redis.ConfigurationFile));
        }

        var password = await _fixture.ParameterValueAsync(AgentSpecRedisExtensions.PasswordParameterName, cts.Token);
        Assert.Contains(password, await File.ReadAllTextAsync(redis.ConfigurationFile, cts.Token), StringComparison.Ordinal);

        var connectionString = await _fixture.RedisConnectionStringAsync(cts.Token);
        Assert.EndsWith($",password={password}", connectionString, StringComparison.Ordinal);
    }
}
