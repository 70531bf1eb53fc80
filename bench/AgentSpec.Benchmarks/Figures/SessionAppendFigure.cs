using System.Globalization;
using AgentSpec.Benchmarks.Infrastructure;
using AgentSpec.Benchmarks.Reporting;
using AgentSpec.Core.Sessions;
using Microsoft.Extensions.Logging.Abstractions;

namespace AgentSpec.Benchmarks.Figures;

/// <summary>
/// Figure 4: appending one turn (user message + reply) to sessions that already hold 10 … 100,000
/// messages, with <see cref="RedisSessionStore"/> and with the naive read-modify-write store, on one Redis server.
/// </summary>
internal sealed class SessionAppendFigure : IFigure
{
    public const string PlotFileName = "benchmarks-append-latency.png";
    private const int MaxMessagesPerSeedTurn = 1_000;
    private const int Warmup = 50;
    private const double GoalGrowth = 1.2;

    public string Id => "4";

    public string Title => "Session append latency against history length";

    public string ComparedWith => "a naive read-modify-write store on the same Redis (GET the whole JSON array, append, SET: the original tool's design, implemented in the benchmark only), and our own append at 10 messages";

    public async Task RunAsync(BenchContext context, FigureResult result, CancellationToken cancellationToken)
    {
        var redis = await context.RedisAsync(cancellationToken);
        await using var connection = await redis.ConnectAsync();
        var store = new RedisSessionStore(connection, new RedisSessionStoreOptions { KeyPrefix = "bench:" }, TimeProvider.System, NullLogger<RedisSessionStore>.Instance);
        var naive = new NaiveSessionStore(connection.GetDatabase(), "bench-naive:");

        context.Progress("session append warm-up");
        var warm = await store.CreateAsync("bench-agent", null, cancellationToken);
        for (var i = 0; i < Warmup; i++)
        {
            await store.AppendTurnAsync(warm.Id, ChatMessages.Turn(i), AppendTurnOptions.None, cancellationToken);
            await naive.AppendAsync(warm.Id, ChatMessages.Turn(i));
        }

        var sizes = context.Profile.Appends;
        var ourSessions = new List<List<string>>();
        var naiveSessions = new List<List<string>>();
        foreach (var (length, ourSamples, naiveSamples) in sizes)
        {
            var count = SessionsFor(length, Math.Max(ourSamples, naiveSamples));
            context.Progress($"session append: seeding {count} session(s) of {length:N0} messages per store");
            ourSessions.Add(await SeedOursAsync(store, length, count, cancellationToken));
            naiveSessions.Add(await SeedNaiveAsync(naive, length, count));
        }

        // Every round appends once at every history length, so load that comes and goes on this shared
        // machine hits all lengths alike: the ratios between lengths stay fair.
        context.Progress($"session append: {sizes.Max(s => s.OurSamples)} rounds on our store");
        var ours = sizes.Select(_ => new Samples()).ToList();
        for (var round = 0; round < sizes.Max(s => s.OurSamples); round++)
        {
            for (var s = 0; s < sizes.Count; s++)
            {
                if (round < sizes[s].OurSamples)
                {
                    var sessions = ourSessions[s];
                    var turn = ChatMessages.Turn(sizes[s].History + round);
                    var started = Clock.Now;
                    await store.AppendTurnAsync(sessions[round % sessions.Count], turn, AppendTurnOptions.None, cancellationToken);
                    ours[s].Add(Clock.Microseconds(started, Clock.Now));
                }
            }
        }

        // The naive store allocates the whole history on every append; collect before and after so its
        // garbage does not land in the other store's timings.
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        context.Progress($"session append: {sizes.Max(s => s.NaiveSamples)} rounds on the naive store");
        var naiveTimes = sizes.Select(_ => new Samples()).ToList();
        for (var round = 0; round < sizes.Max(s => s.NaiveSamples); round++)
        {
            for (var s = 0; s < sizes.Count; s++)
            {
                if (round < sizes[s].NaiveSamples)
                {
                    var sessions = naiveSessions[s];
                    var turn = ChatMessages.Turn(sizes[s].History + round);
                    var started = Clock.Now;
                    await naive.AppendAsync(sessions[round % sessions.Count], turn);
                    naiveTimes[s].Add(Clock.Microseconds(started, Clock.Now));
                }
            }
        }

        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        var history = sizes.Select(s => s.History).ToList();
        var oursP50 = ours.Select(s => s.P50).ToList();
        var naiveP50 = naiveTimes.Select(s => s.P50).ToList();
        for (var s = 0; s < sizes.Count; s++)
        {
            var label = string.Create(CultureInfo.InvariantCulture, $"{sizes[s].History:N0} messages");
            result.Add($"{label}: ours p50", ours[s].P50, "µs", $"{ours[s].Count} appends");
            result.Add($"{label}: ours p99", ours[s].P99, "µs");
            result.Add($"{label}: naive p50", naiveTimes[s].P50, "µs", $"{naiveTimes[s].Count} appends");
            result.Add($"{label}: naive p99", naiveTimes[s].P99, "µs");
            result.Add($"{label}: ratio p50 (naive / ours)", naiveTimes[s].P50 / ours[s].P50, "×");
        }

        var smallest = history.IndexOf(10);
        var largest = history.IndexOf(100_000);
        if (smallest >= 0 && largest >= 0)
        {
            var growth = oursP50[largest] / oursP50[smallest];
            result.Add("ours: p50 at 100,000 / p50 at 10", growth, "×");
            result.Add("naive: p50 at 100,000 / p50 at 10", naiveP50[largest] / naiveP50[smallest], "×");
            result.Add("at 100,000 messages: naive / ours", naiveP50[largest] / oursP50[largest], "×");
            result.Goals.Add(GoalResult.AtMost("Append stays O(1): our p50 at 100,000 messages / our p50 at 10 messages", GoalGrowth, growth, "×"));
        }
        else
        {
            result.Goals.Add(GoalResult.Unmeasured("Append stays O(1): our p50 at 100,000 messages / our p50 at 10 messages", "≤ 1.2 ×", "×", "This profile does not measure both 10 and 100,000 messages."));
        }

        Directory.CreateDirectory(context.DocsDirectory);
        var plotPath = Path.Combine(context.DocsDirectory, PlotFileName);
        AppendLatencyPlot.Write(plotPath, history, oursP50, naiveP50, $"{context.RedisName}, {context.Profile.Name} run, {context.Machine.Cores} cores");
        result.Notes.Add($"Plot: `{Path.GetRelativePath(context.RepositoryRoot, plotPath)}`.");
        result.Notes.Add("One append is one turn of two messages (a question of ~90 bytes and an answer of ~170 bytes), awaited one at a time from one client over loopback, through StackExchange.Redis. Ours is `RedisSessionStore.AppendTurnAsync` (one Lua transaction: RPUSH, metadata, TTL refresh); naive is GET of the whole array, System.Text.Json parse, append, serialise, SET.");
        result.Notes.Add("The history grows by 2 messages per append, so small histories rotate over several sessions of the same length (at most +10% or +20 messages per session). Each round appends once at every length (ours first, then, after a full garbage collection, the naive store), so background load on the shared machine affects all lengths alike.");
    }

    private static async Task<List<string>> SeedOursAsync(RedisSessionStore store, int length, int count, CancellationToken cancellationToken)
    {
        var ids = new List<string>();
        for (var s = 0; s < count; s++)
        {
            var session = await store.CreateAsync("bench-agent", null, cancellationToken);
            var seeded = 0;
            while (seeded < length)
            {
                var chunk = Math.Min(MaxMessagesPerSeedTurn, length - seeded);
                await store.AppendTurnAsync(session.Id, ChatMessages.History(chunk, seeded / 2), AppendTurnOptions.None, cancellationToken);
                seeded += chunk;
            }

            ids.Add(session.Id);
        }

        return ids;
    }

    private static async Task<List<string>> SeedNaiveAsync(NaiveSessionStore naive, int length, int count)
    {
        var ids = new List<string>();
        var history = ChatMessages.History(length);
        for (var s = 0; s < count; s++)
        {
            var id = SessionId.New();
            await naive.SeedAsync(id, history);
            ids.Add(id);
        }

        return ids;
    }

    /// <summary>Enough sessions that appending 2 messages per sample grows none by more than 10% (or 20 messages).</summary>
    private static int SessionsFor(int length, int samples) =>
        (int)Math.Ceiling(2.0 * samples / Math.Max(0.1 * length, 20));
}
