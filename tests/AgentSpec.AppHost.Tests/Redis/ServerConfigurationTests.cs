using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using AgentSpec.AppHost.Redis;
using AgentSpec.Testing;
using StackExchange.Redis;
using TestServerKind = AgentSpec.Testing.RedisServerKind;

namespace AgentSpec.AppHost.Tests.Redis;

/// <summary>
/// The configuration files the AppHost writes: what they say (no server needed), and that they run real servers
/// with the password required and data written before a SIGKILL there after a restart. The live test runs on
/// every server this machine has: Garnet always (the tool manifest), redis-server where it is on PATH.
/// </summary>
public sealed class ServerConfigurationTests
{
    private const string Password = "TestPassw0rdForTheConfigFile";

    public static TheoryData<TestServerKind> InstalledServers() => [.. RedisServer.InstalledKinds()];

    [Fact]
    public void The_redis_server_config_binds_loopback_requires_the_password_and_fsyncs_every_write_to_the_append_only_file()
    {
        var directives = RedisDirectives(RedisServerConfigFile.Render("/data/redis", Password));

        Assert.Equal("127.0.0.1 -::1", directives["bind"]);
        Assert.Equal("yes", directives["protected-mode"]);
        Assert.Equal("no", directives["daemonize"]);
        Assert.Equal("\"/data/redis\"", directives["dir"]);
        Assert.Equal("yes", directives["appendonly"]);
        Assert.Equal("always", directives["appendfsync"]);
        Assert.Equal("\"\"", directives["save"]);
        Assert.Equal($"\"{Password}\"", directives["requirepass"]);
    }

    [Fact]
    public void The_Garnet_config_binds_loopback_requires_the_password_commits_the_append_only_log_before_replying_and_runs_scripts_atomically()
    {
        using var config = JsonDocument.Parse(GarnetConfigFile.Render("/data/garnet", Password));
        var root = config.RootElement;

        Assert.Equal("127.0.0.1", root.GetProperty("Address").GetString());
        Assert.Equal("Password", root.GetProperty("AuthenticationMode").GetString());
        Assert.Equal(Password, root.GetProperty("Password").GetString());
        Assert.Equal(Path.Combine("/data/garnet", "checkpoints"), root.GetProperty("CheckpointDir").GetString());
        Assert.True(root.GetProperty("EnableAOF").GetBoolean());
        Assert.Equal(0, root.GetProperty("CommitFrequencyMs").GetInt32());
        Assert.True(root.GetProperty("WaitForCommit").GetBoolean());
        Assert.True(root.GetProperty("Recover").GetBoolean());
        Assert.True(root.GetProperty("EnableLua").GetBoolean());
        Assert.True(root.GetProperty("LuaTransactionMode").GetBoolean());
    }

    [Fact]
    public void Without_a_password_the_configs_leave_authentication_off_and_keep_the_same_durability()
    {
        // Only the test launcher renders without a password; the AppHost always passes a validated one.
        var redis = RedisServerConfigFile.Render("/data", password: null);
        Assert.DoesNotContain("requirepass", redis, StringComparison.Ordinal);
        Assert.Equal(
            RedisServerConfigFile.Render("/data", Password).Replace($"requirepass \"{Password}\"{Environment.NewLine}", string.Empty, StringComparison.Ordinal),
            redis);

        using var garnet = JsonDocument.Parse(GarnetConfigFile.Render("/data", password: null));
        Assert.Equal("NoAuth", garnet.RootElement.GetProperty("AuthenticationMode").GetString());
        Assert.False(garnet.RootElement.TryGetProperty("Password", out _));
        Assert.True(garnet.RootElement.GetProperty("WaitForCommit").GetBoolean());
        Assert.True(garnet.RootElement.GetProperty("LuaTransactionMode").GetBoolean());
    }

    [Fact]
    public void The_password_is_in_the_config_file_and_not_needed_on_the_command_line()
    {
        Assert.Contains($"requirepass \"{Password}\"", RedisServerConfigFile.Render("/data", Password), StringComparison.Ordinal);
        Assert.Contains($"\"Password\": \"{Password}\"", GarnetConfigFile.Render("/data", Password), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(InstalledServers))]
    public async Task The_config_requires_the_password_and_keeps_acknowledged_writes_after_a_kill(TestServerKind server)
    {
        await using var redis = await RedisServer.StartAsync(server, Password);

        // The test launcher compiles the AppHost's renderers: the server runs exactly the AppHost's configuration.
        var expected = server == TestServerKind.Garnet
            ? GarnetConfigFile.Render(redis.DataDirectory, Password)
            : RedisServerConfigFile.Render(redis.DataDirectory, Password);
        Assert.Equal(expected, await File.ReadAllTextAsync(redis.ConfigurationFile));
        await AssertPasswordRequiredAsync(redis.Port);

        await using (var connection = await redis.ConnectAsync())
        {
            var db = connection.GetDatabase();
            if (server == TestServerKind.Redis)
            {
                var settings = (await connection.GetServers()[0].ConfigGetAsync("append*")).ToDictionary(p => p.Key, p => p.Value);
                Assert.Equal("yes", settings["appendonly"]);
                Assert.Equal("always", settings["appendfsync"]);
            }

            Assert.True(await db.StringSetAsync("survivor", "acknowledged"));
            Assert.Equal(3, await db.ListRightPushAsync("turns", ["user", "assistant", "user"]));
            await redis.KillAsync();
        }

        await redis.RestartAsync();
        await using (var connection = await redis.ConnectAsync())
        {
            var db = connection.GetDatabase();
            Assert.Equal("acknowledged", (string?)await db.StringGetAsync("survivor"));
            Assert.Equal(["user", "assistant", "user"], (await db.ListRangeAsync("turns")).Select(v => (string)v!));
        }
    }

    private static Dictionary<string, string> RedisDirectives(string config) =>
        config.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(line => !line.StartsWith('#'))
            .Select(line => line.Split(' ', 2))
            .ToDictionary(parts => parts[0], parts => parts[1], StringComparer.Ordinal);

    private static async Task AssertPasswordRequiredAsync(int port)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, port);
        var stream = client.GetStream();
        await stream.WriteAsync("*2\r\n$3\r\nGET\r\n$8\r\nanything\r\n"u8.ToArray());
        using var reader = new StreamReader(stream);
        var reply = await reader.ReadLineAsync();
        Assert.NotNull(reply);
        Assert.StartsWith("-NOAUTH", reply, StringComparison.OrdinalIgnoreCase);
    }
}
