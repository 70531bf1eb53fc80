using AgentSpec.Core.State;
using AgentSpec.Core.State.RedisBackend;
using AgentSpec.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using StackExchange.Redis;

namespace AgentSpec.Cli.Tests;

/// <summary>One real Redis-compatible server (with a password) per test class; tests isolate themselves by workspace.</summary>
public sealed class StateRedisFixture : IAsyncLifetime
{
    public const string Password = "state-cli-secret-pw";

    private RedisServer? _server;
    private ConnectionMultiplexer? _connection;

    public RedisServer Server => _server ?? throw new InvalidOperationException("The server starts in InitializeAsync.");

    /// <summary>What a user passes to --state-redis (password included).</summary>
    public string ConnectionString => $"127.0.0.1:{Server.Port},password={Password}";

    public async Task InitializeAsync()
    {
        _server = await RedisServer.StartAsync(Password);
        _connection = await _server.ConnectAsync();
    }

    public async Task DisposeAsync()
    {
        if (_connection is not null)
        {
            await _connection.DisposeAsync();
        }

        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    public static string NewWorkspace() => "ws-" + Guid.NewGuid().ToString("N")[..12];

    /// <summary>The environment the AppHost gives the <c>cli</c> resource, for a workspace.</summary>
    public Dictionary<string, string> Environment(string workspace) => new()
    {
        ["AGENTSPEC_STATE_BACKEND"] = "redis",
        ["ConnectionStrings__state"] = ConnectionString,
        ["AGENTSPEC_WORKSPACE"] = workspace,
    };

    public IStateBackend Backend(string workspace) =>
        new RedisStateBackend(_connection!, new RedisStateBackendOptions { Workspace = workspace }, NullLogger<RedisStateBackend>.Instance, TimeProvider.System);
}
