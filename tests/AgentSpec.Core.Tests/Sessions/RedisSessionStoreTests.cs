using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using AgentSpec.Core.Sessions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;
using StackExchange.Redis;

namespace AgentSpec.Core.Tests.Sessions;

/// <summary>What only the Redis store has: the exact key schema, corrupt data, the legacy format, failures, registration.</summary>
public sealed class RedisSessionStoreTests : IClassFixture<RedisServerFixture>
{
    private static readonly DateTimeOffset Start = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);

    private readonly RedisServerFixture _redis;
    private readonly string _prefix = RedisServerFixture.NewPrefix();
    private readonly FakeTimeProvider _clock = new(Start);
    private readonly FakeLogger<RedisSessionStore> _logger = new();
    private readonly RedisSessionKeys _keys;
    private readonly RedisSessionStore _store;

    public RedisSessionStoreTests(RedisServerFixture redis)
    {
        _redis = redis;
        _keys = new RedisSessionKeys(_prefix);
        _store = redis.NewStore(_prefix, _clock, _logger, TimeSpan.FromHours(2));
    }

    private IDatabase Db => _redis.Connection.GetDatabase();

    [Fact]
    public void Keys_follow_the_documented_schema_with_the_default_prefix()
    {
        var keys = new RedisSessionKeys(new RedisSessionStoreOptions().KeyPrefix);
        const string id = "sess_AAAAAAAAAAAAAAAAAAAAAA";

        Assert.Equal("agentspec:session:{sess_AAAAAAAAAAAAAAAAAAAAAA}", keys.Session(id).ToString());
        Assert.Equal("agentspec:session:{sess_AAAAAAAAAAAAAAAAAAAAAA}:messages", keys.Messages(id).ToString());
        Assert.Equal("agentspec:session:{sess_AAAAAAAAAAAAAAAAAAAAAA}:turn:req-42", keys.Turn(id, "req-42").ToString());
        Assert.True(keys.TryParseSession("agentspec:session:{sess_AAAAAAAAAAAAAAAAAAAAAA}", out var parsed));
        Assert.Equal(id, parsed);
        Assert.False(keys.TryParseSession("agentspec:session:{not-an-id}", out _));
        Assert.False(keys.TryParseSession("other:session:{sess_AAAAAAAAAAAAAAAAAAAAAA}", out _));
        Assert.Throws<ArgumentException>(() => keys.Session("sess_../../etc"));
        Assert.Throws<ArgumentException>(() => keys.Turn(id, "a b"));
    }

    [Theory]
    [InlineData("a{b}:")]
    [InlineData("a*:")]
    [InlineData("a b:")]
    [InlineData("a?")]
    [InlineData("a[1]")]
    [InlineData("a\\b")]
    public void Prefixes_that_would_break_the_hash_tag_or_the_scans_are_rejected(string prefix)
    {
        Assert.Throws<ArgumentException>(() => _redis.NewStore(prefix, _clock));
    }

    [Fact]
    public void A_ttl_below_one_millisecond_is_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => _redis.NewStore(_prefix, _clock, ttl: TimeSpan.Zero));
    }

    [Fact]
    public async Task A_turn_writes_exactly_the_documented_keys()
    {
        var session = await _store.CreateAsync("support-bot", new Dictionary<string, string> { ["channel"] = "web" }, default);
        _clock.Advance(TimeSpan.FromSeconds(30));

        await _store.AppendTurnAsync(session.Id, Turn(1), new AppendTurnOptions("req-1", "a1"), default);

        var keys = (await _redis.KeysAsync(_prefix)).Select(k => k.ToString()).Order().ToList();
        var hashKey = $"{_prefix}session:{{{session.Id}}}";
        Assert.Equal([hashKey, hashKey + ":messages", hashKey + ":turn:req-1"], keys);

        var hash = (await Db.HashGetAllAsync(hashKey)).ToDictionary(e => e.Name.ToString(), e => e.Value.ToString());
        Assert.Equal(["agent", "created_at", "last_active", "metadata", "seq"], hash.Keys.Order());
        Assert.Equal("support-bot", hash["agent"]);
        Assert.Equal(Start, DateTimeOffset.Parse(hash["created_at"], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(Start.AddSeconds(30), DateTimeOffset.Parse(hash["last_active"], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("{\"channel\":\"web\"}", hash["metadata"]);
        Assert.Equal("2", hash["seq"]);

        Assert.Equal(RedisType.List, await Db.KeyTypeAsync(hashKey + ":messages"));
        var elements = (await Db.ListRangeAsync(hashKey + ":messages")).Select(e => JsonDocument.Parse(e.ToString()).RootElement).ToList();
        Assert.Equal([1L, 2L], elements.Select(e => e.GetProperty("seq").GetInt64()));
        Assert.Equal(["user", "assistant"], elements.Select(e => e.GetProperty("role").GetString()));
        Assert.Equal(["u1", "a1"], elements.Select(e => e.GetProperty("content").GetString()));
        Assert.All(elements, e => e.GetProperty("created_at").GetDateTimeOffset());

        // The turn's last message names its idempotency key, and the marker names that message's seq: a marker counts only
        // when the message it names carries its key (docs/sessions.md, "Failures").
        Assert.Equal([false, true], elements.Select(e => e.TryGetProperty("turn", out var turn) && turn.GetString() == "req-1"));
        Assert.Equal("{\"reply\":\"a1\",\"seq\":2}", (string?)await Db.StringGetAsync(hashKey + ":turn:req-1"));
        foreach (var key in keys)
        {
            var ttl = await Db.KeyTimeToLiveAsync(key);
            Assert.True(ttl > TimeSpan.FromHours(1.9) && ttl <= TimeSpan.FromHours(2), $"{key} has TTL {ttl}");
        }
    }

    [Fact]
    public async Task Delete_removes_every_key_of_the_session_and_only_those()
    {
        var session = await _store.CreateAsync("bot", null, default);
        var other = await _store.CreateAsync("bot", null, default);
        for (var i = 1; i <= 5; i++)
        {
            await _store.AppendTurnAsync(session.Id, Turn(i), new AppendTurnOptions($"k{i}", $"a{i}"), default);
            await _store.AppendTurnAsync(other.Id, Turn(i), new AppendTurnOptions($"k{i}", $"a{i}"), default);
        }

        Assert.True(await _store.DeleteAsync(session.Id, default));

        Assert.Empty(await _redis.KeysAsync($"{_prefix}session:{{{session.Id}}}"));
        Assert.Equal(7, (await _redis.KeysAsync($"{_prefix}session:{{{other.Id}}}")).Count);
    }

    [Fact]
    public async Task A_corrupt_element_is_skipped_with_a_warning_and_paging_stays_correct()
    {
        var session = await CreateWithTurnsAsync(4);
        await Db.ListSetByIndexAsync(_keys.Messages(session.Id), 2, "{not json");
        await Db.ListSetByIndexAsync(_keys.Messages(session.Id), 5, "{\"seq\":6,\"content\":\"no role\"}");

        var all = await _store.ReadWindowAsync(session.Id, 100, null, default);
        var newest = await _store.ReadWindowAsync(session.Id, 3, null, default);
        var older = await _store.ReadWindowAsync(session.Id, 3, newest.NextCursor, default);
        var oldest = await _store.ReadWindowAsync(session.Id, 3, older.NextCursor, default);

        Assert.Equal(["u1", "a1", "a2", "u3", "u4", "a4"], all.Messages.Select(m => m.Content));
        Assert.Equal(["u4", "a4"], newest.Messages.Select(m => m.Content));
        Assert.Equal(["a2", "u3"], older.Messages.Select(m => m.Content));
        Assert.Equal(["u1", "a1"], oldest.Messages.Select(m => m.Content));
        Assert.Null(oldest.NextCursor);

        var warnings = _logger.Collector.GetSnapshot().Where(r => r.Level == LogLevel.Warning).ToList();
        Assert.Contains(warnings, w => w.Id.Id == 4010 && w.Message.Contains(session.Id, StringComparison.Ordinal) && w.Message.Contains("message 3", StringComparison.Ordinal));
        Assert.Contains(warnings, w => w.Id.Id == 4010 && w.Message.Contains("message 6", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_list_written_without_sequence_numbers_pages_and_grows_correctly()
    {
        var session = await _store.CreateAsync("bot", null, default);
        await Db.HashDeleteAsync(_keys.Session(session.Id), "seq");
        foreach (var content in SessionTestData.AllContents(3))
        {
            await Db.ListRightPushAsync(_keys.Messages(session.Id), $$"""{"role":"{{(content[0] == 'u' ? "user" : "assistant")}}","content":"{{content}}"}""");
        }

        var newest = await _store.ReadWindowAsync(session.Id, 4, null, default);
        var older = await _store.ReadWindowAsync(session.Id, 4, newest.NextCursor, default);
        await _store.AppendTurnAsync(session.Id, Turn(4), AppendTurnOptions.None, default);
        var pages = new List<SessionMessage>();
        string? cursor = null;
        do
        {
            var page = await _store.ReadWindowAsync(session.Id, 3, cursor, default);
            pages.InsertRange(0, page.Messages);
            cursor = page.NextCursor;
        }
        while (cursor is not null);

        Assert.Equal(["u2", "a2", "u3", "a3"], newest.Messages.Select(m => m.Content));
        Assert.Equal(["u1", "a1"], older.Messages.Select(m => m.Content));
        Assert.Null(older.NextCursor);
        Assert.Equal(AllContents(4), pages.Select(m => m.Content));
        Assert.Equal("8", (string?)await Db.HashGetAsync(_keys.Session(session.Id), "seq"));
    }

    [Fact]
    public async Task Legacy_string_history_is_migrated_to_a_list_once_keeping_every_field()
    {
        var session = await _store.CreateAsync("bot", null, default);
        const string legacy = """
            [{"role":"user","content":"hello"},
             {"role":"assistant","content":"","tool_calls":[{"id":"t1","name":"search","input":{"q":"x"}}]},
             {"role":"user","tool_result":{"tool_use_id":"t1","content":"found"}},
             {"role":"assistant","content":"done"}]
            """;
        await Db.StringSetAsync(_keys.Messages(session.Id), legacy);

        var page = await _store.ReadWindowAsync(session.Id, 10, null, default);
        var again = await _store.ReadWindowAsync(session.Id, 10, null, default);

        Assert.Equal(["hello", "", "", "done"], page.Messages.Select(m => m.Content));
        Assert.Equal(["user", "assistant", "user", "assistant"], page.Messages.Select(m => m.Role));
        Assert.All(page.Messages, m => Assert.Equal(Start, m.CreatedAt));
        Assert.Equal(page.Messages, again.Messages);
        Assert.Equal(RedisType.List, await Db.KeyTypeAsync(_keys.Messages(session.Id)));
        var stored = (await Db.ListRangeAsync(_keys.Messages(session.Id))).Select(e => JsonDocument.Parse(e.ToString()).RootElement).ToList();
        Assert.Equal([1L, 2L, 3L, 4L], stored.Select(e => e.GetProperty("seq").GetInt64()));
        Assert.Equal("search", stored[1].GetProperty("tool_calls")[0].GetProperty("name").GetString());
        Assert.Equal("found", stored[2].GetProperty("tool_result").GetProperty("content").GetString());
        var migrated = Assert.Single(_logger.Collector.GetSnapshot(), r => r.Id.Id == 4011);
        Assert.Equal(LogLevel.Information, migrated.Level);
        Assert.Contains("4 messages", migrated.Message, StringComparison.Ordinal);
        var ttl = await Db.KeyTimeToLiveAsync(_keys.Messages(session.Id));
        Assert.True(ttl > TimeSpan.FromHours(1.9), $"the migrated list has TTL {ttl}");

        await _store.AppendTurnAsync(session.Id, Turn(5), AppendTurnOptions.None, default);
        var newest = await _store.ReadWindowAsync(session.Id, 3, null, default);
        var before = await _store.ReadWindowAsync(session.Id, 3, newest.NextCursor, default);
        Assert.Equal(["done", "u5", "a5"], newest.Messages.Select(m => m.Content));
        Assert.Equal(["hello", "", ""], before.Messages.Select(m => m.Content));
    }

    [Fact]
    public async Task Concurrent_first_reads_of_legacy_history_migrate_it_once()
    {
        var session = await _store.CreateAsync("bot", null, default);
        await Db.StringSetAsync(_keys.Messages(session.Id), LegacyHistory(10));

        var pages = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Task.Run(() => _store.ReadWindowAsync(session.Id, 100, null, default))));

        Assert.All(pages, page => Assert.Equal(AllContents(10), page.Messages.Select(m => m.Content)));
        Assert.Equal(20, await Db.ListLengthAsync(_keys.Messages(session.Id)));
        Assert.Single(_logger.Collector.GetSnapshot(), r => r.Id.Id == 4011);
    }

    [Fact]
    public async Task Concurrent_first_appends_to_legacy_history_migrate_it_once_and_keep_every_turn()
    {
        var session = await _store.CreateAsync("bot", null, default);
        await Db.StringSetAsync(_keys.Messages(session.Id), LegacyHistory(10));

        await Task.WhenAll(Enumerable.Range(11, 20).Select(i => Task.Run(() => _store.AppendTurnAsync(session.Id, Turn(i), AppendTurnOptions.None, default))));
        var page = await _store.ReadWindowAsync(session.Id, 1000, null, default);

        Assert.Equal(AllContents(10), page.Messages.Take(20).Select(m => m.Content));
        SessionTestData.AssertWholeDistinctTurns(page.Messages, 30);
        Assert.Single(_logger.Collector.GetSnapshot(), r => r.Id.Id == 4011);
    }

    [Fact]
    public async Task A_legacy_value_that_is_not_a_json_array_is_kept_and_skipped_with_a_warning()
    {
        var session = await _store.CreateAsync("bot", null, default);
        await Db.StringSetAsync(_keys.Messages(session.Id), "this is not json");

        var page = await _store.ReadWindowAsync(session.Id, 10, null, default);
        await _store.AppendTurnAsync(session.Id, Turn(1), AppendTurnOptions.None, default);
        var after = await _store.ReadWindowAsync(session.Id, 10, null, default);

        Assert.Empty(page.Messages);
        Assert.Equal(["u1", "a1"], after.Messages.Select(m => m.Content));
        var kept = (string?)await Db.ListGetByIndexAsync(_keys.Messages(session.Id), 0);
        Assert.Equal("this is not json", JsonDocument.Parse(kept!).RootElement.GetProperty("legacy_raw").GetString());
        Assert.Contains(_logger.Collector.GetSnapshot(), r => r.Id.Id == 4013 && r.Level == LogLevel.Warning);
        Assert.Contains(_logger.Collector.GetSnapshot(), r => r.Id.Id == 4010 && r.Level == LogLevel.Warning);
    }

    [Fact]
    public async Task Legacy_elements_that_are_not_messages_are_kept_and_skipped()
    {
        var session = await _store.CreateAsync("bot", null, default);
        await Db.StringSetAsync(_keys.Messages(session.Id), """[{"role":"user","content":"hi"}, 42, "text", {}, null]""");

        var page = await _store.ReadWindowAsync(session.Id, 10, null, default);

        Assert.Equal(["hi"], page.Messages.Select(m => m.Content));
        Assert.Equal(5, await Db.ListLengthAsync(_keys.Messages(session.Id)));
    }

    [Fact]
    public async Task An_empty_legacy_history_migrates_to_an_empty_one()
    {
        var session = await _store.CreateAsync("bot", null, default);
        await Db.StringSetAsync(_keys.Messages(session.Id), "[]");

        var page = await _store.ReadWindowAsync(session.Id, 10, null, default);
        var appended = await _store.AppendTurnAsync(session.Id, Turn(1), AppendTurnOptions.None, default);

        Assert.Empty(page.Messages);
        Assert.Equal(2, appended.MessageCount);
    }

    [Fact]
    public async Task Messages_stored_as_another_redis_type_fail_clearly_and_nothing_is_written()
    {
        var session = await _store.CreateAsync("bot", null, default);
        await Db.SetAddAsync(_keys.Messages(session.Id), "x");

        var read = await Assert.ThrowsAsync<SessionStoreUnavailableException>(() => _store.ReadWindowAsync(session.Id, 10, null, default));
        var append = await Assert.ThrowsAsync<SessionStoreUnavailableException>(() => _store.AppendTurnAsync(session.Id, Turn(1), new AppendTurnOptions("k", "r"), default));

        Assert.Contains("set", read.Message, StringComparison.Ordinal);
        Assert.Contains("set", append.Message, StringComparison.Ordinal);
        Assert.Equal("0", (string?)await Db.HashGetAsync(_keys.Session(session.Id), "seq"));
        Assert.False(await Db.KeyExistsAsync(_keys.Turn(session.Id, "k")));
    }

    [Fact]
    public async Task A_corrupt_sequence_counter_of_an_empty_history_fails_the_append_and_writes_nothing()
    {
        var session = await _store.CreateAsync("bot", null, default);
        await Db.HashSetAsync(_keys.Session(session.Id), "seq", "not-a-number");

        var error = await Assert.ThrowsAsync<SessionStoreUnavailableException>(
            () => _store.AppendTurnAsync(session.Id, Turn(2), new AppendTurnOptions("k", "r"), default));

        Assert.Contains("seq", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, await Db.ListLengthAsync(_keys.Messages(session.Id)));
        Assert.False(await Db.KeyExistsAsync(_keys.Turn(session.Id, "k")));
    }

    [Fact]
    public async Task The_numbering_continues_from_the_stored_messages_whatever_the_sequence_counter_says()
    {
        // The list is the authority for its numbering (a crash can cut a script between its RPUSH and its HSET),
        // so a counter that disagrees with the newest message is repaired by the next append.
        var session = await CreateWithTurnsAsync(1);
        await Db.HashSetAsync(_keys.Session(session.Id), "seq", "not-a-number");
        await _store.AppendTurnAsync(session.Id, Turn(2), new AppendTurnOptions("k2", "r"), default);
        await Db.HashSetAsync(_keys.Session(session.Id), "seq", "99");
        await _store.AppendTurnAsync(session.Id, Turn(3), new AppendTurnOptions("k3", "r"), default);

        Assert.Equal("6", (string?)await Db.HashGetAsync(_keys.Session(session.Id), "seq"));
        var page = await _store.ReadWindowAsync(session.Id, 2, null, default);
        Assert.Equal(["u3", "a3"], page.Messages.Select(m => m.Content));
        var older = await _store.ReadWindowAsync(session.Id, 10, page.NextCursor, default);
        Assert.Equal(["u1", "a1", "u2", "a2"], older.Messages.Select(m => m.Content));
        Assert.NotNull(await _store.FindTurnAsync(session.Id, "k2", default));
    }

    [Fact]
    public async Task A_marker_whose_turn_never_reached_the_list_is_ignored()
    {
        // What a crash between the append script's SET of the marker and its RPUSH leaves behind on a server that
        // replays its log up to the cut (Garnet): the marker of a turn that was never stored and never acknowledged.
        var session = await CreateWithTurnsAsync(1);
        var lost = _keys.Turn(session.Id, "lost");
        await Db.StringSetAsync(lost, "{\"reply\":\"never stored\",\"seq\":4}");

        Assert.Null(await _store.FindTurnAsync(session.Id, "lost", default));
        Assert.Null((await _store.BeginTurnAsync(session.Id, "bot", "lost", 10, default)).Recorded);

        // The retry stores the turn (once) and marks it properly.
        Assert.Equal(new AppendTurnResult(true, 4, "a2"), await _store.AppendTurnAsync(session.Id, Turn(2), new AppendTurnOptions("lost", "a2"), default));
        Assert.Equal(new AppendTurnResult(false, 4, "a2"), await _store.AppendTurnAsync(session.Id, Turn(2), new AppendTurnOptions("lost", "a2"), default));
        Assert.Equal(new RecordedTurn("a2"), await _store.FindTurnAsync(session.Id, "lost", default));

        // A stale marker whose seq was later given to another turn does not claim that turn.
        await Db.StringSetAsync(_keys.Turn(session.Id, "stale"), "{\"reply\":\"never stored\",\"seq\":4}");
        Assert.Null(await _store.FindTurnAsync(session.Id, "stale", default));
        Assert.Equal(new AppendTurnResult(true, 6, "a3"), await _store.AppendTurnAsync(session.Id, Turn(3), new AppendTurnOptions("stale", "a3"), default));
        SessionTestData.AssertWholeDistinctTurns((await _store.ReadWindowAsync(session.Id, 100, null, default)).Messages, 3);
    }

    [Fact]
    public async Task Markers_written_before_they_named_their_turn_still_count()
    {
        var session = await CreateWithTurnsAsync(1);
        await Db.StringSetAsync(_keys.Turn(session.Id, "old"), "{\"reply\":\"old reply\"}");

        // Nor did they record the model calls: a retry then reports 1 (docs/runtime-api.md).
        Assert.Equal(new RecordedTurn("old reply", ModelCalls: null), await _store.FindTurnAsync(session.Id, "old", default));
        Assert.Equal(new AppendTurnResult(false, 2, "old reply"), await _store.AppendTurnAsync(session.Id, Turn(2), new AppendTurnOptions("old", "x", ModelCalls: 2), default));
    }

    [Fact]
    public async Task A_marker_records_the_model_calls_before_its_seq()
    {
        var session = await CreateWithTurnsAsync(1);

        await _store.AppendTurnAsync(session.Id, Turn(2), new AppendTurnOptions("counted", "a2", ModelCalls: 4), default);

        Assert.Equal("{\"reply\":\"a2\",\"turns\":4,\"seq\":4}", (string?)await Db.StringGetAsync(_keys.Turn(session.Id, "counted")));
        Assert.Equal(new RecordedTurn("a2", 4), await _store.FindTurnAsync(session.Id, "counted", default));
    }

    [Fact]
    public async Task Corrupt_metadata_is_ignored_with_a_warning()
    {
        var session = await _store.CreateAsync("bot", new Dictionary<string, string> { ["a"] = "b" }, default);
        await Db.HashSetAsync(_keys.Session(session.Id), "metadata", "[1,2");

        var read = await _store.GetAsync(session.Id, default);

        Assert.NotNull(read);
        Assert.Empty(read.Metadata);
        Assert.Contains(_logger.Collector.GetSnapshot(), r => r.Id.Id == 4014 && r.Level == LogLevel.Warning);
    }

    [Fact]
    public async Task A_key_of_the_session_shape_that_is_not_a_hash_is_not_a_session()
    {
        var id = SessionId.New();
        await Db.StringSetAsync(_keys.Session(id), "garbage", TimeSpan.FromMinutes(5));

        Assert.Null(await _store.GetAsync(id, default));
        Assert.DoesNotContain(await ToListAsync(_store.ListAsync(null, default)), s => s.Id == id);
    }

    [Fact]
    public async Task Stores_with_different_prefixes_do_not_see_each_other()
    {
        var other = _redis.NewStore(RedisServerFixture.NewPrefix(), _clock);
        var mine = await _store.CreateAsync("bot", null, default);
        var theirs = await other.CreateAsync("bot", null, default);

        Assert.Null(await other.GetAsync(mine.Id, default));
        Assert.Null(await _store.GetAsync(theirs.Id, default));
        Assert.Equal([mine.Id], (await ToListAsync(_store.ListAsync(null, default))).Select(s => s.Id));
    }

    [Fact]
    public async Task Listing_and_deleting_scan_incrementally_and_never_use_keys()
    {
        await using var connection = await _redis.Server.ConnectAsync();
        var profiling = new StackExchange.Redis.Profiling.ProfilingSession();
        connection.RegisterProfiler(() => profiling);
        var store = _redis.NewStore(_prefix, _clock, connection: connection);
        var session = await store.CreateAsync("bot", null, default);
        await store.AppendTurnAsync(session.Id, Turn(1), new AppendTurnOptions("k", "r"), default);

        await ToListAsync(store.ListAsync("bot", default));
        await store.DeleteAsync(session.Id, default);

        var commands = profiling.FinishProfiling().Select(c => c.Command).ToList();
        Assert.Contains("SCAN", commands);
        Assert.DoesNotContain("KEYS", commands);
    }

    [Fact]
    public async Task An_unreachable_server_makes_every_operation_fail_as_unavailable()
    {
        var options = ConfigurationOptions.Parse($"127.0.0.1:{UnusedPort()},abortConnect=false,connectTimeout=500,syncTimeout=1000,asyncTimeout=1000,connectRetry=0");
        options.BacklogPolicy = BacklogPolicy.FailFast;
        await using var connection = await ConnectionMultiplexer.ConnectAsync(options);
        var store = _redis.NewStore(_prefix, _clock, _logger, connection: connection);
        var id = SessionId.New();

        await Assert.ThrowsAsync<SessionStoreUnavailableException>(() => store.CreateAsync("bot", null, default));
        await Assert.ThrowsAsync<SessionStoreUnavailableException>(() => store.GetAsync(id, default));
        await Assert.ThrowsAsync<SessionStoreUnavailableException>(() => store.AppendTurnAsync(id, Turn(1), AppendTurnOptions.None, default));
        await Assert.ThrowsAsync<SessionStoreUnavailableException>(() => store.ReadWindowAsync(id, 10, null, default));
        await Assert.ThrowsAsync<SessionStoreUnavailableException>(() => store.DeleteAsync(id, default));
        await Assert.ThrowsAsync<SessionStoreUnavailableException>(() => ToListAsync(store.ListAsync(null, default)));
        Assert.Contains(_logger.Collector.GetSnapshot(), r => r.Id.Id == 4020 && r.Level == LogLevel.Error);
    }

    [Fact]
    public async Task AddRedisSessionStore_uses_the_connection_in_the_container_and_the_options()
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConnectionMultiplexer>(_redis.Connection);
        services.AddSingleton<TimeProvider>(_clock);
        services.AddRedisSessionStore(options =>
        {
            options.KeyPrefix = _prefix;
            options.Ttl = TimeSpan.FromMinutes(10);
        });
        await using var provider = services.BuildServiceProvider();

        var store = provider.GetRequiredService<ISessionStore>();
        var session = await store.CreateAsync("bot", null, default);

        Assert.IsType<RedisSessionStore>(store);
        Assert.Same(store, provider.GetRequiredService<RedisSessionStore>());
        var ttl = await Db.KeyTimeToLiveAsync(_keys.Session(session.Id));
        Assert.True(ttl > TimeSpan.FromMinutes(9) && ttl <= TimeSpan.FromMinutes(10), $"TTL {ttl}");
    }

    private static IReadOnlyList<SessionMessage> Turn(int i) => SessionTestData.Turn(i);

    private static IEnumerable<string> AllContents(int turns) => SessionTestData.AllContents(turns);

    /// <summary>The pre-fix format of the original tool: one string holding a JSON array of {role, content}.</summary>
    private static string LegacyHistory(int turns) =>
        "[" + string.Join(",", Enumerable.Range(1, turns).Select(i => $$"""{"role":"user","content":"u{{i}}"},{"role":"assistant","content":"a{{i}}"}""")) + "]";

    private async Task<SessionInfo> CreateWithTurnsAsync(int turns)
    {
        var session = await _store.CreateAsync("bot", null, default);
        for (var i = 1; i <= turns; i++)
        {
            await _store.AppendTurnAsync(session.Id, Turn(i), AppendTurnOptions.None, default);
        }

        return session;
    }

    private static Task<List<T>> ToListAsync<T>(IAsyncEnumerable<T> source) => SessionTestData.ToListAsync(source);

    private static int UnusedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
