using System.Globalization;
using System.Net;
using System.Net.Sockets;
using AgentSpec.AppHost.Hosting;
using AgentSpec.AppHost.Redis;
using AgentSpec.Testing;
using StackExchange.Redis;

namespace AgentSpec.AppHost.Tests.Redis;

/// <summary>
/// The configuration files the AppHost writes run real servers: password required, append-only file on,
/// and data written before a SIGKILL is there after a restart.
/// </summary>
public sealed class ServerConfigurationTests
{
    private const string Password = "TestPassw0rdForTheConfigFile";

    [Fact]
    public async Task The_redis_server_config_requires_the_password_and_fsyncs_every_write_to_the_append_only_file()
    {
        var redisServer = ExecutableSearch.FindOnPath("redis-server")
            ?? throw new InvalidOperationException("redis-server is not on PATH; install it (CI does: apt-get install redis-server).");
        using var data = new TempDirectory("agentspec-apphost-redisconf-");
        var config = Path.Combine(data.Path, "redis.conf");
        await OwnerOnlyFile.WriteAsync(config, RedisServerConfigFile.Render(data.Path, Password), CancellationToken.None);
        var port = ServerProcess.FreePort();
        string[] arguments = [config, "--port", port.ToString(CultureInfo.InvariantCulture)];

        await using (var server = await ServerProcess.StartAsync(redisServer, arguments, port, Password))
        {
            await AssertPasswordRequiredAsync(server);
            await using var connection = await ConnectionMultiplexer.ConnectAsync(server.Options(Password));
            var settings = (await connection.GetServers()[0].ConfigGetAsync("append*")).ToDictionary(p => p.Key, p => p.Value);
            Assert.Equal("yes", settings["appendonly"]);
            Assert.Equal("always", settings["appendfsync"]);
            Assert.True(await connection.GetDatabase().StringSetAsync("survivor", "acknowledged"));
            await server.KillAsync();
        }

        await using (var restarted = await ServerProcess.StartAsync(redisServer, arguments, port, Password))
        {
            await using var connection = await ConnectionMultiplexer.ConnectAsync(restarted.Options(Password));
            Assert.Equal("acknowledged", (string?)await connection.GetDatabase().StringGetAsync("survivor"));
        }
    }

    [Fact]
    public async Task The_Garnet_config_requires_the_password_and_recovers_acknowledged_writes_after_a_kill()
    {
        var garnet = await GarnetTool.RestoreAndLocateAsync(RedisServer.RepositoryRoot(), CancellationToken.None);
        using var data = new TempDirectory("agentspec-apphost-garnetconf-");
        var config = Path.Combine(data.Path, "garnet.conf");
        await OwnerOnlyFile.WriteAsync(config, GarnetConfigFile.Render(data.Path, Password), CancellationToken.None);
        var port = ServerProcess.FreePort();
        string[] arguments = [garnet, "--config-import-path", config, "--port", port.ToString(CultureInfo.InvariantCulture)];

        await using (var server = await ServerProcess.StartAsync(DotnetHost.Path(), arguments, port, Password))
        {
            await AssertPasswordRequiredAsync(server);
            await using var connection = await ConnectionMultiplexer.ConnectAsync(server.Options(Password));
            var db = connection.GetDatabase();
            Assert.True(await db.StringSetAsync("survivor", "acknowledged"));
            Assert.Equal(3, await db.ListRightPushAsync("turns", ["user", "assistant", "user"]));
            await server.KillAsync();
        }

        await using (var restarted = await ServerProcess.StartAsync(DotnetHost.Path(), arguments, port, Password))
        {
            await using var connection = await ConnectionMultiplexer.ConnectAsync(restarted.Options(Password));
            var db = connection.GetDatabase();
            Assert.Equal("acknowledged", (string?)await db.StringGetAsync("survivor"));
            Assert.Equal(["user", "assistant", "user"], (await db.ListRangeAsync("turns")).Select(v => (string)v!));
        }
    }

    [Fact]
    public void The_password_is_in_the_config_file_and_not_needed_on_the_command_line()
    {
        Assert.Contains($"requirepass \"{Password}\"", RedisServerConfigFile.Render("/data", Password), StringComparison.Ordinal);
        Assert.Contains($"\"Password\": \"{Password}\"", GarnetConfigFile.Render("/data", Password), StringComparison.Ordinal);
    }

    private static async Task AssertPasswordRequiredAsync(ServerProcess server)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, server.Port);
        var stream = client.GetStream();
        await stream.WriteAsync("*2\r\n$3\r\nGET\r\n$8\r\nanything\r\n"u8.ToArray());
        using var reader = new StreamReader(stream);
        var reply = await reader.ReadLineAsync();
        Assert.NotNull(reply);
        Assert.StartsWith("-NOAUTH", reply, StringComparison.OrdinalIgnoreCase);
    }
}
