using AgentSpec.Core.Sessions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;
using StackExchange.Redis;

namespace AgentSpec.Core.Tests.Sessions;

/// <summary>
/// Several runtime replicas share one Redis: each replica here has its own ConnectionMultiplexer and
/// its own store instance, as separate processes would.
/// </summary>
public sealed class RedisSessionStoreReplicaTests : IClassFixture<RedisServerFixture>, IAsyncLifetime
{
    private const int Replicas = 4;

    private readonly RedisServerFixture _redis;
    private readonly string _prefix = RedisServerFixture.NewPrefix();
    private readonly FakeTimeProvider _clock = new(SessionTestData.Start);
    private readonly FakeLogger<RedisSessionStore> _logger = new();
    private readonly List<ConnectionMultiplexer> _connections = [];
    private readonly List<RedisSessionStore> _stores = [];

    public RedisSessionStoreReplicaTests(RedisServerFixture redis)
    {
        _redis = redis;
    }

    public async Task InitializeAsync()
    {
        for (var i = 0; i < Replicas; i++)
        {
            var connection = await _redis.Server.ConnectAsync();
            _connections.Add(connection);
            _stores.Add(_redis.NewStore(_prefix, _clock, _logger, connection: connection));
        }
    }

    public async Task DisposeAsync()
    {
        foreach (var connection in _connections)
        {
            await connection.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_thousand_turns_through_four_replicas_are_all_kept_whole()
    {
        var session = await _stores[0].CreateAsync("bot", null, default);

        var results = await Task.WhenAll(Enumerable.Range(1, 1000).Select(i =>
            Task.Run(() => _stores[i % Replicas].AppendTurnAsync(session.Id, SessionTestData.Turn(i), AppendTurnOptions.None, default))));
        var page = await _stores[1].ReadWindowAsync(session.Id, 5000, null, default);

        Assert.All(results, r => Assert.True(r.Appended));
        Assert.Equal(Enumerable.Range(1, 1000).Select(i => 2L * i), results.Select(r => r.MessageCount).Order());
        var turns = SessionTestData.AssertWholeDistinctTurns(page.Messages);
        Assert.Equal(Enumerable.Range(1, 1000).Select(i => $"{i}").Order(), turns.Order());
    }

    [Fact]
    public async Task Turns_through_four_replicas_with_trimming_keep_the_newest_whole_turns()
    {
        var session = await _stores[0].CreateAsync("bot", null, default);

        await Task.WhenAll(Enumerable.Range(1, 400).Select(i =>
            Task.Run(() => _stores[i % Replicas].AppendTurnAsync(session.Id, SessionTestData.Turn(i), new AppendTurnOptions(MaxMessages: 50), default))));
        var pages = new List<SessionMessage>();
        string? cursor = null;
        do
        {
            var page = await _stores[2].ReadWindowAsync(session.Id, 7, cursor, default);
            pages.InsertRange(0, page.Messages);
            cursor = page.NextCursor;
        }
        while (cursor is not null);

        SessionTestData.AssertWholeDistinctTurns(pages, 25);
    }

    [Fact]
    public async Task The_same_idempotency_key_through_several_replicas_appends_one_turn()
    {
        var session = await _stores[0].CreateAsync("bot", null, default);

        var results = await Task.WhenAll(Enumerable.Range(1, 5).Select(i =>
            Task.Run(() => _stores[i % Replicas].AppendTurnAsync(session.Id, SessionTestData.Turn(i), new AppendTurnOptions("request-7", $"reply {i}"), default))));
        var page = await _stores[3].ReadWindowAsync(session.Id, 100, null, default);

        var winner = Assert.Single(results, r => r.Appended);
        Assert.All(results, r => Assert.Equal(winner.Reply, r.Reply));
        SessionTestData.AssertWholeDistinctTurns(page.Messages, 1);
        Assert.Equal(winner.Reply, "reply " + page.Messages[0].Content[1..]);
    }

    [Fact]
    public async Task Legacy_history_read_first_by_several_replicas_at_once_is_migrated_once()
    {
        var session = await _stores[0].CreateAsync("bot", null, default);
        var legacy = "[" + string.Join(",", SessionTestData.AllContents(5).Select((c, i) => $$"""{"role":"{{(i % 2 == 0 ? "user" : "assistant")}}","content":"{{c}}"}""")) + "]";
        await _redis.Connection.GetDatabase().StringSetAsync(new RedisSessionKeys(_prefix).Messages(session.Id), legacy);

        var work = Enumerable.Range(0, 20).Select(i => Task.Run(async () =>
        {
            if (i % 2 == 0)
            {
                await _stores[i % Replicas].ReadWindowAsync(session.Id, 100, null, default);
            }
            else
            {
                await _stores[i % Replicas].AppendTurnAsync(session.Id, SessionTestData.Turn(100 + i), AppendTurnOptions.None, default);
            }
        }));
        await Task.WhenAll(work);
        var page = await _stores[0].ReadWindowAsync(session.Id, 1000, null, default);

        Assert.Equal(SessionTestData.AllContents(5), page.Messages.Take(10).Select(m => m.Content));
        SessionTestData.AssertWholeDistinctTurns(page.Messages, 15);
        Assert.Single(_logger.Collector.GetSnapshot(), r => r.Id.Id == 4011 && r.Level == LogLevel.Information);
    }
}
