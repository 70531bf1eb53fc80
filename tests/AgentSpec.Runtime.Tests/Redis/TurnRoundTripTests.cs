using AgentSpec.Runtime.Hosting;
using AgentSpec.Runtime.Tests.Hosting;
using AgentSpec.Runtime.Tests.Models;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;
using StackExchange.Redis.Profiling;

namespace AgentSpec.Runtime.Tests.Redis;

/// <summary>
/// What a chat turn asks Redis, counted with the client's profiling API (every command the runtime's
/// connection sends, by name; no timing). The goal (docs/sessions.md, "The chat turn"): one read script, one
/// write script, and the agent's <c>HGET</c>, sent together with the read script, so the turn waits on
/// Redis twice.
/// </summary>
public sealed class TurnRoundTripTests : IClassFixture<RedisFixture>
{
    /// <summary>What the connection sends by itself (keep-alives), whatever the requests do.</summary>
    private static readonly HashSet<string> Background = new(["PING", "ECHO"], StringComparer.OrdinalIgnoreCase);

    private readonly RedisFixture _redis;

    public TurnRoundTripTests(RedisFixture redis)
    {
        _redis = redis;
    }

    [Fact]
    public async Task A_turn_sends_one_read_script_one_write_script_and_the_agent_lookup()
    {
        await using var runtime = await StartRuntimeAsync();
        using var client = runtime.CreateClient();
        await Api.DeployAsync(client, TestAgents.Create("counted"));
        var session = await Api.CreateSessionAsync(client, "counted");
        await Api.SendAsync(client, "counted", session, "warm-up");

        var commands = await CountAsync(runtime, async () =>
        {
            await Api.SendAsync(client, "counted", session, "one");
            await Api.SendAsync(client, "counted", session, "two", idempotencyKey: "key-2");
            await Api.SendAsync(client, "counted", session, "three");
        });

        Assert.Equal(new Dictionary<string, int> { ["script"] = 6, ["HGET"] = 3 }, commands);

        // A retry of a stored turn: the read finds the turn, nothing is written.
        var retry = await CountAsync(runtime, () => Api.SendAsync(client, "counted", session, "two", idempotencyKey: "key-2"));
        Assert.Equal(new Dictionary<string, int> { ["script"] = 1, ["HGET"] = 1 }, retry);
    }

    [Fact]
    public async Task A_model_that_reads_history_gets_its_window_from_the_same_read()
    {
        await using var model = await FakeOpenAiEndpoint.StartAsync();
        await using var runtime = await StartRuntimeAsync(("AgentSpec:Models:Endpoint", model.BaseUrl), ("AgentSpec:Models:ApiKey", "model-key"));
        using var client = runtime.CreateClient();
        await Api.DeployAsync(client, TestAgents.Create("windowed", maxMessages: 4));
        var session = await Api.CreateSessionAsync(client, "windowed");

        // The replica's first turn of an agent does not know its window yet: one more read, once.
        var first = await CountAsync(runtime, () => Api.SendAsync(client, "windowed", session, "m1"));
        Assert.Equal(new Dictionary<string, int> { ["script"] = 3, ["HGET"] = 1 }, first);

        var later = await CountAsync(runtime, async () =>
        {
            for (var i = 2; i <= 4; i++)
            {
                await Api.SendAsync(client, "windowed", session, $"m{i}");
            }
        });

        Assert.Equal(new Dictionary<string, int> { ["script"] = 6, ["HGET"] = 3 }, later);
        var messages = model.Requests.Last()["messages"]!.AsArray().Select(m => m!["content"]!.ToString()).ToList();
        Assert.Equal(["m2", "model claude-sonnet-4-20250514 saw 4 messages; last: m2", "m3", "model claude-sonnet-4-20250514 saw 6 messages; last: m3", "m4"], messages.Skip(1));

        // A redeploy with a smaller window costs nothing more: the read was larger, the turn keeps its newest part.
        await Api.DeployAsync(client, TestAgents.Create("windowed", maxMessages: 2));
        var smaller = await CountAsync(runtime, () => Api.SendAsync(client, "windowed", session, "m5"));
        Assert.Equal(new Dictionary<string, int> { ["script"] = 2, ["HGET"] = 1 }, smaller);
        Assert.Equal(["m4", "model claude-sonnet-4-20250514 saw 6 messages; last: m4", "m5"], model.Requests.Last()["messages"]!.AsArray().Skip(1).Select(m => m!["content"]!.ToString()));

        // A larger one is read again on the next turn (all that is stored: the last append trimmed to 2), once.
        await Api.DeployAsync(client, TestAgents.Create("windowed", maxMessages: 6));
        var larger = await CountAsync(runtime, () => Api.SendAsync(client, "windowed", session, "m6"));
        Assert.Equal(new Dictionary<string, int> { ["script"] = 3, ["HGET"] = 1 }, larger);
        Assert.Equal(["m5", "model claude-sonnet-4-20250514 saw 4 messages; last: m5", "m6"], model.Requests.Last()["messages"]!.AsArray().Skip(1).Select(m => m!["content"]!.ToString()));
        var settled = await CountAsync(runtime, () => Api.SendAsync(client, "windowed", session, "m7"));
        Assert.Equal(new Dictionary<string, int> { ["script"] = 2, ["HGET"] = 1 }, settled);
    }

    private Task<RuntimeInstance> StartRuntimeAsync(params (string Key, string Value)[] extra)
    {
        var settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:redis"] = _redis.Server.ConnectionString,
            [RuntimeSettings.RedisKeyPrefixKey] = $"t{Guid.NewGuid():N}:",
        };
        foreach (var (key, value) in extra)
        {
            settings[key] = value;
        }

        return RuntimeInstance.StartAsync(settings);
    }

    /// <summary>The commands the runtime's Redis connection sent during <paramref name="action"/>: scripts (EVAL or EVALSHA) together, the rest by name.</summary>
    private static async Task<Dictionary<string, int>> CountAsync(RuntimeInstance runtime, Func<Task> action)
    {
        var connection = runtime.Services.GetRequiredService<IConnectionMultiplexer>();
        var profiling = new ProfilingSession();
        connection.RegisterProfiler(() => profiling);
        try
        {
            await action();
        }
        finally
        {
            connection.RegisterProfiler(() => null);
        }

        return profiling.FinishProfiling()
            .Select(command => command.Command)
            .Where(command => !Background.Contains(command))
            .Select(command => command.StartsWith("EVAL", StringComparison.OrdinalIgnoreCase) ? "script" : command.ToUpperInvariant())
            .GroupBy(command => command, StringComparer.Ordinal)
            .ToDictionary(group => group.Key, group => group.Count(), StringComparer.Ordinal);
    }
}
