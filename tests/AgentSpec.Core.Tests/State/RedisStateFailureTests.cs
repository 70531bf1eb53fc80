using AgentSpec.Core.State;
using AgentSpec.Core.State.Errors;
using AgentSpec.Core.State.RedisBackend;
using AgentSpec.Testing;
using Microsoft.Extensions.Logging.Testing;
using StackExchange.Redis;

namespace AgentSpec.Core.Tests.State;

/// <summary>
/// Acceptance 6 of the Redis backend: an unreachable server and a wrong password each give one clear sentence (a <see cref="StateBackendUnavailableException"/>, exit 1 in the CLI) and write nothing.
/// Each test starts its own servers. The read-only replica and the out-of-memory server need redis-server:
/// they are in tests/AgentSpec.RedisServer.Tests.
/// </summary>
public sealed class RedisStateFailureTests
{
    private const string Password = "the-right-password";

    private readonly string _workspace = "failure-" + Guid.NewGuid().ToString("N");
    private readonly FakeLogger<RedisStateBackend> _logger = new();

    private static StateLockOptions Options => new() { Operation = "apply", LockTimeout = TimeSpan.FromSeconds(5) };

    private RedisStateBackend NewBackend(IConnectionMultiplexer connection) =>
        new(connection, new RedisStateBackendOptions { Workspace = _workspace }, _logger, TimeProvider.System);

    [Fact]
    public async Task An_unreachable_server_is_one_sentence_naming_it()
    {
        var port = LoopbackPort.Free();
        var connecting = await Assert.ThrowsAsync<StateBackendUnavailableException>(() => RedisStateBackend.ConnectAsync($"127.0.0.1:{port},connectTimeout=1000", CancellationToken.None));
        Assert.Equal($"The state server 127.0.0.1:{port} cannot be reached, so connecting failed; nothing was written.", connecting.Message);

        // A client that keeps retrying in the background (abortConnect=false) gets the same kind of sentence from the first command.
        await using var connection = await ConnectionMultiplexer.ConnectAsync($"127.0.0.1:{port},abortConnect=false,connectTimeout=500,syncTimeout=2000,asyncTimeout=2000");
        var backend = NewBackend(connection);
        var locking = await Assert.ThrowsAsync<StateBackendUnavailableException>(() => backend.LockAsync(Options, CancellationToken.None));
        Assert.StartsWith($"The state server 127.0.0.1:{port} ", locking.Message, StringComparison.Ordinal);
        Assert.EndsWith("; nothing was written.", locking.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', locking.Message);
        Assert.False(locking.OutcomeUnknown);
        await Assert.ThrowsAsync<StateBackendUnavailableException>(() => backend.ReadAsync(CancellationToken.None));
    }

    [Fact]
    public async Task A_wrong_password_is_one_sentence_and_nothing_is_written()
    {
        await using var server = await RedisServer.StartAsync(Password);
        var wrong = $"127.0.0.1:{server.Port},password=not-the-password";
        var connecting = await Assert.ThrowsAsync<StateBackendUnavailableException>(() => RedisStateBackend.ConnectAsync(wrong + ",connectTimeout=2000", CancellationToken.None));
        Assert.Equal($"The state server 127.0.0.1:{server.Port} refused the credentials (wrong or missing password), so connecting failed; nothing was written.", connecting.Message);
        Assert.DoesNotContain("not-the-password", connecting.Message, StringComparison.Ordinal);
        Assert.Contains("password", connecting.Hint, StringComparison.Ordinal);

        await using (var connection = await ConnectionMultiplexer.ConnectAsync(wrong + ",abortConnect=false,connectTimeout=1000,syncTimeout=3000,asyncTimeout=3000"))
        {
            var locking = await Assert.ThrowsAsync<StateBackendUnavailableException>(() => NewBackend(connection).LockAsync(Options, CancellationToken.None));
            Assert.StartsWith($"The state server 127.0.0.1:{server.Port} ", locking.Message, StringComparison.Ordinal);
            Assert.EndsWith("; nothing was written.", locking.Message, StringComparison.Ordinal);
        }

        await using var admin = await server.ConnectAsync();
        Assert.Empty(await KeysAsync(admin, _workspace));
    }

    [Fact]
    public async Task A_server_that_may_lose_acknowledged_writes_is_warned_about_once()
    {
        await using var server = await RedisServer.StartAsync(RedisServer.ChosenKind(), null, RedisPersistence.None, parentDirectory: null);
        await using var connection = await RedisStateBackend.ConnectAsync(server.ConnectionString, CancellationToken.None);
        var backend = NewBackend(connection);
        await StateTestSupport.CommitAsyncWith(backend, Options, doc => doc.Upsert(StateTestSupport.Entry("pkg/Agent/a")));
        await StateTestSupport.CommitAsyncWith(backend, Options, doc => doc.Upsert(StateTestSupport.Entry("pkg/Agent/b")));
        var warning = Assert.Single(_logger.Collector.GetSnapshot(), record => record.Id.Id == 3040);
        Assert.Contains("appendonly no", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_server_that_fsyncs_every_write_gets_no_durability_warning()
    {
        await using var server = await RedisServer.StartAsync();
        await using var connection = await RedisStateBackend.ConnectAsync(server.ConnectionString, CancellationToken.None);
        await StateTestSupport.CommitAsyncWith(NewBackend(connection), Options, doc => doc.Upsert(StateTestSupport.Entry("pkg/Agent/a")));
        Assert.DoesNotContain(_logger.Collector.GetSnapshot(), record => record.Id.Id == 3040);
    }

    private static async Task<List<string>> KeysAsync(ConnectionMultiplexer connection, string workspace)
    {
        var keys = (RedisResult[])(await connection.GetDatabase().ExecuteAsync("KEYS", "*" + workspace + "*"))!;
        return keys.Select(key => (string)key!).ToList();
    }
}
