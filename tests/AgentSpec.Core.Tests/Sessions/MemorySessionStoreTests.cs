using AgentSpec.Core.Sessions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace AgentSpec.Core.Tests.Sessions;

/// <summary>What only the memory store has: the background sweep, its options and its registration.</summary>
public sealed class MemorySessionStoreTests
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2025, 6, 1, 12, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task The_sweep_frees_expired_sessions_and_keeps_live_ones()
    {
        using var store = NewStore(new MemorySessionStoreOptions { Ttl = TimeSpan.FromMinutes(10), SweepInterval = TimeSpan.FromMinutes(1) });
        var idle = await store.CreateAsync("bot", null, default);
        var active = await store.CreateAsync("bot", null, default);

        _clock.Advance(TimeSpan.FromMinutes(6));
        await store.AppendTurnAsync(active.Id, [new SessionMessage(SessionMessage.UserRole, "hi", _clock.GetUtcNow())], AppendTurnOptions.None, default);
        _clock.Advance(TimeSpan.FromMinutes(5));

        Assert.Equal(1, store.HeldSessionCount);
        Assert.Null(store.RemainingTtl(idle.Id));
        Assert.Equal(TimeSpan.FromMinutes(5), store.RemainingTtl(active.Id));
    }

    [Fact]
    public async Task Disposing_the_store_stops_the_sweep()
    {
        var store = NewStore(new MemorySessionStoreOptions { Ttl = TimeSpan.FromMinutes(10), SweepInterval = TimeSpan.FromMinutes(1) });
        await store.CreateAsync("bot", null, default);

        store.Dispose();
        _clock.Advance(TimeSpan.FromHours(1));

        Assert.Equal(1, store.HeldSessionCount);
    }

    [Fact]
    public async Task Trimming_a_long_history_many_times_keeps_the_newest_messages()
    {
        using var store = NewStore(new MemorySessionStoreOptions());
        var session = await store.CreateAsync("bot", null, default);
        for (var i = 0; i < 5000; i++)
        {
            await store.AppendTurnAsync(session.Id, [new SessionMessage(SessionMessage.UserRole, $"m{i}", _clock.GetUtcNow())], new AppendTurnOptions(MaxMessages: 3), default);
        }

        var page = await store.ReadWindowAsync(session.Id, 10, null, default);

        Assert.Equal(["m4997", "m4998", "m4999"], page.Messages.Select(m => m.Content));
    }

    [Theory]
    [InlineData(0, 60)]
    [InlineData(-1, 60)]
    [InlineData(60, 0)]
    public void Options_must_be_positive(int ttlSeconds, int sweepSeconds)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => NewStore(new MemorySessionStoreOptions
        {
            Ttl = TimeSpan.FromSeconds(ttlSeconds),
            SweepInterval = TimeSpan.FromSeconds(sweepSeconds),
        }));
    }

    [Fact]
    public async Task AddMemorySessionStore_registers_one_shared_store_with_its_options()
    {
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(_clock);
        services.AddMemorySessionStore(options => options.Ttl = TimeSpan.FromMinutes(30));
        await using var provider = services.BuildServiceProvider();

        var store = provider.GetRequiredService<ISessionStore>();
        var session = await store.CreateAsync("bot", null, default);

        Assert.Same(store, provider.GetRequiredService<MemorySessionStore>());
        Assert.Equal(TimeSpan.FromMinutes(30), ((MemorySessionStore)store).RemainingTtl(session.Id));
    }

    private MemorySessionStore NewStore(MemorySessionStoreOptions options) =>
        new(options, _clock, NullLogger<MemorySessionStore>.Instance);
}
