using AgentSpec.Core.Sessions;
using Microsoft.Extensions.Time.Testing;

namespace AgentSpec.Core.Tests.Sessions;

/// <summary>
/// The contract of <see cref="ISessionStore"/>. Every store runs this same suite (Terraform's
/// statemgr conformance model): a store that passes it can replace any other.
/// </summary>
public abstract class SessionStoreConformance : IAsyncLifetime
{
    protected static readonly TimeSpan Ttl = TimeSpan.FromHours(24);

    /// <summary>TTLs are compared with this slack: Redis counts real milliseconds while the test runs.</summary>
    private static readonly TimeSpan TtlSlack = TimeSpan.FromMinutes(5);

    private ISessionStore? _store;

    protected FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2025, 6, 1, 12, 0, 0, TimeSpan.Zero));

    protected ISessionStore Store => _store ?? throw new InvalidOperationException("The store is created in InitializeAsync.");

    public async Task InitializeAsync() => _store = await CreateStoreAsync();

    public async Task DisposeAsync()
    {
        switch (_store)
        {
            case IAsyncDisposable asyncDisposable:
                await asyncDisposable.DisposeAsync();
                break;
            case IDisposable disposable:
                disposable.Dispose();
                break;
        }

        await DisposeStoreResourcesAsync();
    }

    /// <summary>A fresh, empty store whose sessions live <see cref="Ttl"/> and whose timestamps come from <see cref="Clock"/>.</summary>
    protected abstract Task<ISessionStore> CreateStoreAsync();

    protected virtual Task DisposeStoreResourcesAsync() => Task.CompletedTask;

    /// <summary>Lets <paramref name="elapsed"/> pass for the TTLs of the store (and for <see cref="Clock"/>).</summary>
    protected abstract Task LetTimePassAsync(TimeSpan elapsed);

    /// <summary>The remaining TTL of every stored record of the session (for Redis: every key); empty when it is gone.</summary>
    protected abstract Task<IReadOnlyList<TimeSpan>> RemainingTtlsAsync(string sessionId);

    [Fact]
    public async Task Create_returns_a_valid_id_and_get_returns_the_same_session()
    {
        var metadata = new Dictionary<string, string> { ["channel"] = "web", ["user"] = "ada" };

        var created = await Store.CreateAsync("support-bot", metadata, default);
        var read = await Store.GetAsync(created.Id, default);

        Assert.True(SessionId.IsValid(created.Id));
        Assert.Equal("support-bot", created.Agent);
        Assert.Equal(Clock.GetUtcNow(), created.CreatedAt);
        Assert.Equal(created.CreatedAt, created.LastActive);
        Assert.NotNull(read);
        Assert.Equal(created.Id, read.Id);
        Assert.Equal("support-bot", read.Agent);
        Assert.Equal(created.CreatedAt, read.CreatedAt);
        Assert.Equal(created.LastActive, read.LastActive);
        Assert.Equal(metadata.OrderBy(p => p.Key), read.Metadata.OrderBy(p => p.Key));
    }

    [Fact]
    public async Task Sessions_without_metadata_have_empty_metadata()
    {
        var created = await Store.CreateAsync("support-bot", null, default);

        Assert.Empty(created.Metadata);
        Assert.Empty((await Store.GetAsync(created.Id, default))!.Metadata);
    }

    [Fact]
    public async Task Every_session_gets_its_own_id()
    {
        var ids = new HashSet<string>();
        for (var i = 0; i < 20; i++)
        {
            ids.Add((await Store.CreateAsync("bot", null, default)).Id);
        }

        Assert.Equal(20, ids.Count);
    }

    [Fact]
    public async Task Get_of_an_unknown_session_is_null()
    {
        Assert.Null(await Store.GetAsync(SessionId.New(), default));
    }

    [Fact]
    public async Task Create_without_an_agent_is_rejected()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => Store.CreateAsync(" ", null, default));
    }

    [Theory]
    [InlineData("")]
    [InlineData("sess_")]
    [InlineData("sess_abc")]
    [InlineData("sess_AAAAAAAAAAAAAAAAAAAAA*")]
    [InlineData("sess_AAAAAAAAAAAAAAAAAAAA}:")]
    [InlineData("xxxx_AAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("sess_AAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("sess_AAAAAAAAAAAAAAAAAAAAAA\n")]
    public async Task Invalid_session_ids_are_rejected_by_every_operation(string id)
    {
        await Assert.ThrowsAsync<ArgumentException>(() => Store.GetAsync(id, default));
        await Assert.ThrowsAsync<ArgumentException>(() => Store.DeleteAsync(id, default));
        await Assert.ThrowsAsync<ArgumentException>(() => Store.AppendTurnAsync(id, Turn(1), AppendTurnOptions.None, default));
        await Assert.ThrowsAsync<ArgumentException>(() => Store.ReadWindowAsync(id, 10, null, default));
    }

    [Fact]
    public async Task List_returns_the_sessions_of_one_agent_or_of_all()
    {
        var a1 = await Store.CreateAsync("alpha", null, default);
        var a2 = await Store.CreateAsync("alpha", new Dictionary<string, string> { ["k"] = "v" }, default);
        var b1 = await Store.CreateAsync("beta", null, default);

        var alpha = await ToListAsync(Store.ListAsync("alpha", default));
        var all = await ToListAsync(Store.ListAsync(null, default));
        var none = await ToListAsync(Store.ListAsync("gamma", default));

        Assert.Equal(new[] { a1.Id, a2.Id }.Order(), alpha.Select(s => s.Id).Order());
        Assert.All(alpha, s => Assert.Equal("alpha", s.Agent));
        Assert.Equal("v", alpha.Single(s => s.Id == a2.Id).Metadata["k"]);
        Assert.Equal(new[] { a1.Id, a2.Id, b1.Id }.Order(), all.Select(s => s.Id).Order());
        Assert.Empty(none);
    }

    [Fact]
    public async Task List_does_not_return_deleted_or_expired_sessions()
    {
        var old = await Store.CreateAsync("alpha", null, default);
        await LetTimePassAsync(TimeSpan.FromHours(20));
        var deleted = await Store.CreateAsync("alpha", null, default);
        var kept = await Store.CreateAsync("alpha", null, default);
        await Store.DeleteAsync(deleted.Id, default);
        await LetTimePassAsync(TimeSpan.FromHours(5));

        var listed = await ToListAsync(Store.ListAsync("alpha", default));

        Assert.Equal([kept.Id], listed.Select(s => s.Id));
        Assert.Null(await Store.GetAsync(old.Id, default));
    }

    [Fact]
    public async Task List_pages_through_many_sessions()
    {
        var created = new List<string>();
        for (var i = 0; i < 250; i++)
        {
            created.Add((await Store.CreateAsync(i % 2 == 0 ? "even" : "odd", null, default)).Id);
        }

        var even = await ToListAsync(Store.ListAsync("even", default));
        var all = await ToListAsync(Store.ListAsync(null, default));

        Assert.Equal(125, even.Count);
        Assert.Equal(created.Order(), all.Select(s => s.Id).Order());
    }

    [Fact]
    public async Task Delete_removes_the_session_and_its_history()
    {
        var session = await Store.CreateAsync("bot", null, default);
        await Store.AppendTurnAsync(session.Id, Turn(1), new AppendTurnOptions(IdempotencyKey: "key-1", Reply: "a1"), default);

        Assert.True(await Store.DeleteAsync(session.Id, default));
        Assert.False(await Store.DeleteAsync(session.Id, default));
        Assert.Null(await Store.GetAsync(session.Id, default));
        Assert.Empty(await RemainingTtlsAsync(session.Id));
        await Assert.ThrowsAsync<SessionNotFoundException>(() => Store.ReadWindowAsync(session.Id, 10, null, default));
    }

    [Fact]
    public async Task Delete_of_an_unknown_session_is_false()
    {
        Assert.False(await Store.DeleteAsync(SessionId.New(), default));
    }

    [Fact]
    public async Task Append_to_an_unknown_session_fails_and_creates_nothing()
    {
        var id = SessionId.New();

        var error = await Assert.ThrowsAsync<SessionNotFoundException>(() => Store.AppendTurnAsync(id, Turn(1), AppendTurnOptions.None, default));

        Assert.Equal(id, error.SessionId);
        Assert.Null(await Store.GetAsync(id, default));
        Assert.Empty(await RemainingTtlsAsync(id));
    }

    [Fact]
    public async Task Append_to_a_deleted_session_fails_and_does_not_resurrect_it()
    {
        var session = await Store.CreateAsync("bot", null, default);
        await Store.AppendTurnAsync(session.Id, Turn(1), AppendTurnOptions.None, default);
        await Store.DeleteAsync(session.Id, default);

        await Assert.ThrowsAsync<SessionNotFoundException>(
            () => Store.AppendTurnAsync(session.Id, Turn(2), new AppendTurnOptions("k", "r", 10), default));

        Assert.Null(await Store.GetAsync(session.Id, default));
        Assert.Empty(await RemainingTtlsAsync(session.Id));
        await Assert.ThrowsAsync<SessionNotFoundException>(() => Store.ReadWindowAsync(session.Id, 10, null, default));
    }

    [Fact]
    public async Task Read_of_an_unknown_session_fails()
    {
        await Assert.ThrowsAsync<SessionNotFoundException>(() => Store.ReadWindowAsync(SessionId.New(), 10, null, default));
    }

    [Fact]
    public async Task A_new_session_has_an_empty_history()
    {
        var session = await Store.CreateAsync("bot", null, default);

        var page = await Store.ReadWindowAsync(session.Id, 10, null, default);

        Assert.Empty(page.Messages);
        Assert.Null(page.NextCursor);
    }

    [Fact]
    public async Task Appended_messages_come_back_exactly_oldest_first()
    {
        var session = await Store.CreateAsync("bot", null, default);
        var tricky = new SessionMessage(SessionMessage.UserRole, "quotes \" \\ backslash, json {\"a\":[1]}, unicode ünïcødé 日本語 🎉\r\nnew line\t", Clock.GetUtcNow());
        var large = new SessionMessage(SessionMessage.AssistantRole, new string('x', 64 * 1024), Clock.GetUtcNow().AddMilliseconds(1234));
        var empty = new SessionMessage(SessionMessage.SystemRole, string.Empty, Clock.GetUtcNow().AddHours(1));

        var first = await Store.AppendTurnAsync(session.Id, [tricky, large], AppendTurnOptions.None, default);
        var second = await Store.AppendTurnAsync(session.Id, [empty], AppendTurnOptions.None, default);
        var page = await Store.ReadWindowAsync(session.Id, 10, null, default);

        Assert.Equal(new AppendTurnResult(true, 2, null), first);
        Assert.Equal(new AppendTurnResult(true, 3, null), second);
        Assert.Equal([tricky, large, empty], page.Messages);
        Assert.Null(page.NextCursor);
    }

    [Fact]
    public async Task The_newest_window_holds_the_newest_messages_oldest_first()
    {
        var session = await CreateWithTurnsAsync(10);

        var page = await Store.ReadWindowAsync(session.Id, 5, null, default);

        Assert.Equal(["a8", "u9", "a9", "u10", "a10"], page.Messages.Select(m => m.Content));
        Assert.NotNull(page.NextCursor);
    }

    [Fact]
    public async Task Cursors_walk_back_through_the_whole_history_exactly_once()
    {
        var session = await CreateWithTurnsAsync(25);

        var pages = await ReadAllPagesAsync(session.Id, 7);

        Assert.Equal([7, 7, 7, 7, 7, 7, 7, 1], pages.Select(p => p.Count));
        Assert.Equal(AllContents(25), pages.AsEnumerable().Reverse().SelectMany(p => p).Select(m => m.Content));
    }

    [Fact]
    public async Task A_page_exactly_as_large_as_the_history_has_no_cursor()
    {
        var session = await CreateWithTurnsAsync(3);

        var page = await Store.ReadWindowAsync(session.Id, 6, null, default);

        Assert.Equal(AllContents(3), page.Messages.Select(m => m.Content));
        Assert.Null(page.NextCursor);
    }

    [Fact]
    public async Task Cursors_stay_correct_while_other_turns_are_appended()
    {
        var session = await CreateWithTurnsAsync(10);
        var newest = await Store.ReadWindowAsync(session.Id, 4, null, default);

        for (var i = 11; i <= 15; i++)
        {
            await Store.AppendTurnAsync(session.Id, Turn(i), AppendTurnOptions.None, default);
        }

        var older = await Store.ReadWindowAsync(session.Id, 4, newest.NextCursor, default);
        var oldest = await Store.ReadWindowAsync(session.Id, 100, older.NextCursor, default);

        Assert.Equal(["u9", "a9", "u10", "a10"], newest.Messages.Select(m => m.Content));
        Assert.Equal(["u7", "a7", "u8", "a8"], older.Messages.Select(m => m.Content));
        Assert.Equal(AllContents(6), oldest.Messages.Select(m => m.Content));
        Assert.Null(oldest.NextCursor);
    }

    [Fact]
    public async Task Cursors_stay_correct_after_trims()
    {
        var session = await CreateWithTurnsAsync(10);
        var newest = await Store.ReadWindowAsync(session.Id, 4, null, default);

        await Store.AppendTurnAsync(session.Id, Turn(11), new AppendTurnOptions(MaxMessages: 10), default);
        var older = await Store.ReadWindowAsync(session.Id, 4, newest.NextCursor, default);
        var pageAfterTrim = await Store.ReadWindowAsync(session.Id, 6, newest.NextCursor, default);

        // The history now holds u7..a11: the page before u9 ends at u7, the oldest message left.
        Assert.Equal(["u7", "a7", "u8", "a8"], older.Messages.Select(m => m.Content));
        Assert.Null(older.NextCursor);
        Assert.Equal(["u7", "a7", "u8", "a8"], pageAfterTrim.Messages.Select(m => m.Content));
        Assert.Null(pageAfterTrim.NextCursor);
    }

    [Fact]
    public async Task A_cursor_into_a_trimmed_part_of_the_history_reads_an_empty_page()
    {
        var session = await CreateWithTurnsAsync(10);
        var pages = await ReadAllPagesAsync(session.Id, 4);
        var cursorNearTheStart = (await Store.ReadWindowAsync(session.Id, 16, null, default)).NextCursor;

        await Store.AppendTurnAsync(session.Id, Turn(11), new AppendTurnOptions(MaxMessages: 4), default);
        var page = await Store.ReadWindowAsync(session.Id, 10, cursorNearTheStart, default);

        Assert.Equal(5, pages.Count);
        Assert.Empty(page.Messages);
        Assert.Null(page.NextCursor);
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("-5")]
    [InlineData("0")]
    [InlineData("1.5")]
    [InlineData(" 7")]
    [InlineData("99999999999999999999999")]
    public async Task Malformed_cursors_are_rejected(string cursor)
    {
        var session = await CreateWithTurnsAsync(2);

        await Assert.ThrowsAsync<ArgumentException>(() => Store.ReadWindowAsync(session.Id, 10, cursor, default));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public async Task A_page_must_hold_at_least_one_message(int limit)
    {
        var session = await CreateWithTurnsAsync(1);

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Store.ReadWindowAsync(session.Id, limit, null, default));
    }

    [Fact]
    public async Task Malformed_turns_are_rejected_and_write_nothing()
    {
        var session = await CreateWithTurnsAsync(1);
        var now = Clock.GetUtcNow();

        await Assert.ThrowsAsync<ArgumentException>(() => Store.AppendTurnAsync(session.Id, [], AppendTurnOptions.None, default));
        await Assert.ThrowsAsync<ArgumentException>(() => Store.AppendTurnAsync(session.Id, [new SessionMessage(SessionMessage.UserRole, "x", now), null!], AppendTurnOptions.None, default));
        await Assert.ThrowsAsync<ArgumentException>(() => Store.AppendTurnAsync(session.Id, [new SessionMessage("", "x", now)], AppendTurnOptions.None, default));
        await Assert.ThrowsAsync<ArgumentException>(() => Store.AppendTurnAsync(session.Id, [new SessionMessage(SessionMessage.UserRole, null!, now)], AppendTurnOptions.None, default));
        await Assert.ThrowsAsync<ArgumentException>(() => Store.AppendTurnAsync(session.Id, Turn(2), new AppendTurnOptions(IdempotencyKey: "has space"), default));
        await Assert.ThrowsAsync<ArgumentException>(() => Store.AppendTurnAsync(session.Id, Turn(2), new AppendTurnOptions(IdempotencyKey: "glob*"), default));
        await Assert.ThrowsAsync<ArgumentException>(() => Store.AppendTurnAsync(session.Id, Turn(2), new AppendTurnOptions(IdempotencyKey: new string('k', IdempotencyKey.MaxLength + 1)), default));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Store.AppendTurnAsync(session.Id, Turn(2), new AppendTurnOptions(MaxMessages: 0), default));

        var page = await Store.ReadWindowAsync(session.Id, 10, null, default);
        Assert.Equal(AllContents(1), page.Messages.Select(m => m.Content));
    }

    [Fact]
    public async Task Append_updates_last_active()
    {
        var session = await Store.CreateAsync("bot", null, default);
        await LetTimePassAsync(TimeSpan.FromMinutes(3));

        await Store.AppendTurnAsync(session.Id, Turn(1), AppendTurnOptions.None, default);
        var read = await Store.GetAsync(session.Id, default);

        Assert.Equal(session.CreatedAt, read!.CreatedAt);
        Assert.Equal(session.CreatedAt.AddMinutes(3), read.LastActive);
    }

    [Fact]
    public async Task A_repeated_idempotency_key_appends_nothing_and_returns_the_first_reply()
    {
        var session = await Store.CreateAsync("bot", null, default);

        var first = await Store.AppendTurnAsync(session.Id, Turn(1), new AppendTurnOptions("retry-me", "first reply"), default);
        var again = await Store.AppendTurnAsync(session.Id, Turn(2), new AppendTurnOptions("retry-me", "second reply"), default);
        var other = await Store.AppendTurnAsync(session.Id, Turn(3), new AppendTurnOptions("another-key", "third reply"), default);
        var page = await Store.ReadWindowAsync(session.Id, 10, null, default);

        Assert.Equal(new AppendTurnResult(true, 2, "first reply"), first);
        Assert.Equal(new AppendTurnResult(false, 2, "first reply"), again);
        Assert.Equal(new AppendTurnResult(true, 4, "third reply"), other);
        Assert.Equal(["u1", "a1", "u3", "a3"], page.Messages.Select(m => m.Content));
    }

    [Fact]
    public async Task A_repeated_idempotency_key_returns_the_first_turns_model_calls_too()
    {
        var session = await Store.CreateAsync("bot", null, default);

        var first = await Store.AppendTurnAsync(session.Id, Turn(1), new AppendTurnOptions("tool-turn", "first reply", ModelCalls: 3), default);
        var again = await Store.AppendTurnAsync(session.Id, Turn(2), new AppendTurnOptions("tool-turn", "second reply", ModelCalls: 1), default);

        Assert.Equal(new AppendTurnResult(true, 2, "first reply", 3), first);
        Assert.Equal(new AppendTurnResult(false, 2, "first reply", 3), again);
        Assert.Equal(new RecordedTurn("first reply", 3), await Store.FindTurnAsync(session.Id, "tool-turn", default));
        Assert.Equal(new RecordedTurn("first reply", 3), (await Store.BeginTurnAsync(session.Id, "bot", "tool-turn", 10, default)).Recorded);
    }

    [Fact]
    public async Task A_recorded_null_reply_is_returned_as_null()
    {
        var session = await Store.CreateAsync("bot", null, default);

        await Store.AppendTurnAsync(session.Id, Turn(1), new AppendTurnOptions("no-reply"), default);
        var again = await Store.AppendTurnAsync(session.Id, Turn(1), new AppendTurnOptions("no-reply", "late reply"), default);

        Assert.Equal(new AppendTurnResult(false, 2, null), again);
    }

    [Fact]
    public async Task FindTurn_reports_a_recorded_turn_before_any_second_append()
    {
        var session = await Store.CreateAsync("bot", null, default);
        Assert.Null(await Store.FindTurnAsync(session.Id, "key-1", default));

        await Store.AppendTurnAsync(session.Id, Turn(1), new AppendTurnOptions("key-1", "first reply"), default);
        await Store.AppendTurnAsync(session.Id, Turn(2), new AppendTurnOptions("no-reply"), default);

        Assert.Equal(new RecordedTurn("first reply"), await Store.FindTurnAsync(session.Id, "key-1", default));
        Assert.Equal(new RecordedTurn(null), await Store.FindTurnAsync(session.Id, "no-reply", default));
        Assert.Null(await Store.FindTurnAsync(session.Id, "key-2", default));
        Assert.Null(await Store.FindTurnAsync(SessionId.New(), "key-1", default));
        await Assert.ThrowsAsync<ArgumentException>(() => Store.FindTurnAsync(session.Id, "has space", default));
        await Assert.ThrowsAsync<ArgumentException>(() => Store.FindTurnAsync("not-a-session", "key-1", default));

        Assert.True(await Store.DeleteAsync(session.Id, default));
        Assert.Null(await Store.FindTurnAsync(session.Id, "key-1", default));
    }

    [Fact]
    public async Task BeginTurn_reads_the_window_or_the_recorded_turn_of_the_agents_session()
    {
        var session = await Store.CreateAsync("bot", null, default);
        var empty = await Store.BeginTurnAsync(session.Id, "bot", "key-1", 10, default);
        Assert.Null(empty.Recorded);
        Assert.Empty(empty.History);
        for (var i = 1; i <= 3; i++)
        {
            await Store.AppendTurnAsync(session.Id, Turn(i), new AppendTurnOptions($"key-{i}", $"reply {i}"), default);
        }

        var fresh = await Store.BeginTurnAsync(session.Id, "bot", "key-4", 3, default);
        Assert.Null(fresh.Recorded);
        Assert.Equal(["a2", "u3", "a3"], fresh.History.Select(m => m.Content));
        Assert.Equal(Turn(3), fresh.History.TakeLast(2));

        Assert.Empty((await Store.BeginTurnAsync(session.Id, "bot", null, 0, default)).History);
        Assert.Equal(6, (await Store.BeginTurnAsync(session.Id, "bot", null, 100, default)).History.Count);

        var retry = await Store.BeginTurnAsync(session.Id, "bot", "key-2", 3, default);
        Assert.Equal(new RecordedTurn("reply 2"), retry.Recorded);
        Assert.Empty(retry.History);
    }

    [Fact]
    public async Task BeginTurn_treats_a_session_of_another_agent_like_a_missing_one()
    {
        var session = await Store.CreateAsync("bot", null, default);
        await Store.AppendTurnAsync(session.Id, Turn(1), new AppendTurnOptions("key-1", "reply"), default);

        await Assert.ThrowsAsync<SessionNotFoundException>(() => Store.BeginTurnAsync(session.Id, "other-bot", "key-1", 10, default));
        await Assert.ThrowsAsync<SessionNotFoundException>(() => Store.BeginTurnAsync(SessionId.New(), "bot", null, 10, default));
        await Assert.ThrowsAsync<ArgumentException>(() => Store.BeginTurnAsync(session.Id, "bot", "has space", 10, default));
        await Assert.ThrowsAsync<ArgumentException>(() => Store.BeginTurnAsync("not-a-session", "bot", null, 10, default));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Store.BeginTurnAsync(session.Id, "bot", null, -1, default));
        Assert.True(await Store.DeleteAsync(session.Id, default));
        await Assert.ThrowsAsync<SessionNotFoundException>(() => Store.BeginTurnAsync(session.Id, "bot", "key-1", 10, default));
    }

    [Fact]
    public async Task Turns_of_any_roles_and_sizes_are_stored_whole_and_recorded_by_their_key()
    {
        // A turn with tools appends the user message, tool calls and results and the final reply in one write.
        var session = await Store.CreateAsync("bot", null, default);
        SessionMessage[] turn =
        [
            new(SessionMessage.UserRole, "what is 2+2?", Clock.GetUtcNow()),
            new("tool", "{\"sum\":4}", Clock.GetUtcNow()),
            new("tool", "", Clock.GetUtcNow()),
            new(SessionMessage.AssistantRole, "4", Clock.GetUtcNow()),
        ];

        var appended = await Store.AppendTurnAsync(session.Id, turn, new AppendTurnOptions("tools-1", "4"), default);
        var again = await Store.AppendTurnAsync(session.Id, turn, new AppendTurnOptions("tools-1", "other"), default);

        Assert.Equal(new AppendTurnResult(true, 4, "4"), appended);
        Assert.Equal(new AppendTurnResult(false, 4, "4"), again);
        Assert.Equal(turn, (await Store.ReadWindowAsync(session.Id, 10, null, default)).Messages);
        Assert.Equal(new RecordedTurn("4"), (await Store.BeginTurnAsync(session.Id, "bot", "tools-1", 10, default)).Recorded);
    }

    [Fact]
    public async Task Idempotency_keys_belong_to_one_session()
    {
        var one = await Store.CreateAsync("bot", null, default);
        var two = await Store.CreateAsync("bot", null, default);

        await Store.AppendTurnAsync(one.Id, Turn(1), new AppendTurnOptions("shared-key", "one"), default);
        var result = await Store.AppendTurnAsync(two.Id, Turn(1), new AppendTurnOptions("shared-key", "two"), default);

        Assert.Equal(new AppendTurnResult(true, 2, "two"), result);
    }

    [Fact]
    public async Task Idempotency_markers_survive_trimming()
    {
        var session = await Store.CreateAsync("bot", null, default);
        await Store.AppendTurnAsync(session.Id, Turn(1), new AppendTurnOptions("early", "r1", 2), default);
        for (var i = 2; i <= 5; i++)
        {
            await Store.AppendTurnAsync(session.Id, Turn(i), new AppendTurnOptions(MaxMessages: 2), default);
        }

        var retry = await Store.AppendTurnAsync(session.Id, Turn(1), new AppendTurnOptions("early", "other", 2), default);

        Assert.Equal(new AppendTurnResult(false, 2, "r1"), retry);
        Assert.Equal(["u5", "a5"], (await Store.ReadWindowAsync(session.Id, 10, null, default)).Messages.Select(m => m.Content));
    }

    [Fact]
    public async Task Trimming_keeps_the_newest_max_messages()
    {
        var session = await Store.CreateAsync("bot", null, default);
        AppendTurnResult? last = null;
        for (var i = 1; i <= 10; i++)
        {
            last = await Store.AppendTurnAsync(session.Id, Turn(i), new AppendTurnOptions(MaxMessages: 5), default);
        }

        var page = await Store.ReadWindowAsync(session.Id, 50, null, default);

        Assert.Equal(5, last!.MessageCount);
        Assert.Equal(["a8", "u9", "a9", "u10", "a10"], page.Messages.Select(m => m.Content));
        Assert.Null(page.NextCursor);
    }

    [Fact]
    public async Task A_trim_limit_below_the_turn_size_keeps_the_end_of_the_turn()
    {
        var session = await CreateWithTurnsAsync(2);

        var result = await Store.AppendTurnAsync(session.Id, Turn(3), new AppendTurnOptions(MaxMessages: 1), default);

        Assert.Equal(1, result.MessageCount);
        Assert.Equal(["a3"], (await Store.ReadWindowAsync(session.Id, 10, null, default)).Messages.Select(m => m.Content));
    }

    [Fact]
    public async Task Without_max_messages_nothing_is_trimmed()
    {
        var session = await CreateWithTurnsAsync(60);

        var page = await Store.ReadWindowAsync(session.Id, 1000, null, default);

        Assert.Equal(AllContents(60), page.Messages.Select(m => m.Content));
    }

    [Fact]
    public async Task A_new_session_lives_for_the_ttl()
    {
        var session = await Store.CreateAsync("bot", null, default);

        var ttls = await RemainingTtlsAsync(session.Id);

        Assert.NotEmpty(ttls);
        Assert.All(ttls, ttl => AssertCloseToAtMost(Ttl, ttl));
    }

    [Fact]
    public async Task An_append_refreshes_the_ttl_of_everything_in_the_session()
    {
        var session = await Store.CreateAsync("bot", null, default);
        await Store.AppendTurnAsync(session.Id, Turn(1), new AppendTurnOptions("first", "r"), default);
        await LetTimePassAsync(TimeSpan.FromHours(20));
        AssertCloseToAtMost(TimeSpan.FromHours(4), (await RemainingTtlsAsync(session.Id)).Max());

        await Store.AppendTurnAsync(session.Id, Turn(2), new AppendTurnOptions("second", "r"), default);
        var ttls = await RemainingTtlsAsync(session.Id);

        // The session and its history slide to a full TTL; the older turn's marker keeps its own TTL.
        AssertCloseToAtMost(Ttl, ttls.Max());
        Assert.All(ttls, ttl => Assert.True(ttl > TimeSpan.FromHours(3), $"TTL {ttl} is shorter than expected"));
    }

    [Fact]
    public async Task An_active_session_outlives_its_first_ttl()
    {
        var session = await Store.CreateAsync("bot", null, default);
        for (var i = 1; i <= 3; i++)
        {
            await LetTimePassAsync(TimeSpan.FromHours(20));
            await Store.AppendTurnAsync(session.Id, Turn(i), AppendTurnOptions.None, default);
        }

        await LetTimePassAsync(TimeSpan.FromHours(20));

        Assert.NotNull(await Store.GetAsync(session.Id, default));
        Assert.Equal(AllContents(3), (await Store.ReadWindowAsync(session.Id, 10, null, default)).Messages.Select(m => m.Content));
    }

    [Fact]
    public async Task Reading_does_not_extend_the_ttl()
    {
        var session = await CreateWithTurnsAsync(1);
        await LetTimePassAsync(TimeSpan.FromHours(20));

        await Store.GetAsync(session.Id, default);
        await Store.ReadWindowAsync(session.Id, 10, null, default);
        await ToListAsync(Store.ListAsync(null, default));

        AssertCloseToAtMost(TimeSpan.FromHours(4), (await RemainingTtlsAsync(session.Id)).Max());
    }

    [Fact]
    public async Task An_idle_session_expires_with_its_whole_history()
    {
        var session = await CreateWithTurnsAsync(2);
        await LetTimePassAsync(Ttl + TimeSpan.FromMinutes(1));

        Assert.Null(await Store.GetAsync(session.Id, default));
        Assert.Empty(await RemainingTtlsAsync(session.Id));
        await Assert.ThrowsAsync<SessionNotFoundException>(() => Store.ReadWindowAsync(session.Id, 10, null, default));
        await Assert.ThrowsAsync<SessionNotFoundException>(() => Store.AppendTurnAsync(session.Id, Turn(3), AppendTurnOptions.None, default));
        Assert.False(await Store.DeleteAsync(session.Id, default));
        Assert.Null(await Store.GetAsync(session.Id, default));
    }

    [Fact]
    public async Task Concurrent_turns_are_all_kept_whole_and_in_pairs()
    {
        var session = await Store.CreateAsync("bot", null, default);

        var results = await Task.WhenAll(Enumerable.Range(1, 100).Select(i =>
            Task.Run(() => Store.AppendTurnAsync(session.Id, Turn(i), AppendTurnOptions.None, default))));
        var page = await Store.ReadWindowAsync(session.Id, 1000, null, default);

        Assert.All(results, r => Assert.True(r.Appended));
        Assert.Equal(Enumerable.Range(1, 100).Select(i => 2L * i), results.Select(r => r.MessageCount).Order());
        AssertWholeDistinctTurns(page.Messages, 100);
    }

    [Fact]
    public async Task The_same_idempotency_key_sent_concurrently_appends_one_turn()
    {
        var session = await Store.CreateAsync("bot", null, default);

        var results = await Task.WhenAll(Enumerable.Range(1, 5).Select(i =>
            Task.Run(() => Store.AppendTurnAsync(session.Id, Turn(i), new AppendTurnOptions("same-key", $"reply {i}"), default))));
        var page = await Store.ReadWindowAsync(session.Id, 100, null, default);

        var winner = Assert.Single(results, r => r.Appended);
        Assert.Equal(2, page.Messages.Count);
        Assert.Equal(winner.Reply, "reply " + page.Messages[0].Content[1..]);
        Assert.All(results, r => Assert.Equal(winner.Reply, r.Reply));
        Assert.All(results, r => Assert.Equal(2, r.MessageCount));
    }

    protected static IReadOnlyList<SessionMessage> Turn(int i) => SessionTestData.Turn(i);

    protected static IEnumerable<string> AllContents(int turns) => SessionTestData.AllContents(turns);

    protected static void AssertWholeDistinctTurns(IReadOnlyList<SessionMessage> messages, int turns) =>
        SessionTestData.AssertWholeDistinctTurns(messages, turns);

    protected async Task<SessionInfo> CreateWithTurnsAsync(int turns)
    {
        var session = await Store.CreateAsync("bot", null, default);
        for (var i = 1; i <= turns; i++)
        {
            await Store.AppendTurnAsync(session.Id, Turn(i), AppendTurnOptions.None, default);
        }

        return session;
    }

    /// <summary>Pages newest first, following the cursors until there is none.</summary>
    protected async Task<List<IReadOnlyList<SessionMessage>>> ReadAllPagesAsync(string sessionId, int limit)
    {
        var pages = new List<IReadOnlyList<SessionMessage>>();
        string? cursor = null;
        do
        {
            var page = await Store.ReadWindowAsync(sessionId, limit, cursor, default);
            pages.Add(page.Messages);
            cursor = page.NextCursor;
            Assert.True(pages.Count < 10_000, "the cursors do not end");
        }
        while (cursor is not null);

        return pages;
    }

    protected static Task<List<T>> ToListAsync<T>(IAsyncEnumerable<T> source) => SessionTestData.ToListAsync(source);

    private static void AssertCloseToAtMost(TimeSpan expected, TimeSpan actual) =>
        Assert.True(actual <= expected && actual > expected - TtlSlack, $"expected a TTL of about {expected}, found {actual}");
}
