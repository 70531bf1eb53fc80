using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using AgentSpec.Benchmarks.Infrastructure;
using AgentSpec.Benchmarks.Reporting;
using AgentSpec.Core.RuntimeApi;
using AgentSpec.Testing;
using StackExchange.Redis;

namespace AgentSpec.Benchmarks.Figures;

/// <summary>
/// Figure 5: chat turns per second through the real runtime process (offline model, the run's Redis),
/// 64 concurrent HTTP clients, against a bare Kestrel process answering a constant and against
/// <c>redis-benchmark -t rpush -c 64</c> on the same Redis.
/// </summary>
internal sealed class RuntimeThroughputFigure : IFigure
{
    private const int Clients = 64;
    private const double GoalTurnsPerSecond = 3_000;
    private const double GoalKestrelRatio = 0.35;
    private const double GoalDurableRpushRatio = 0.5;
    private const string Agent = "bench-agent";
    private const string Goal = "Runtime chat turns per second, 64 clients, one session each";
    private const string KestrelGoal = "Runtime turns/s ≥ 0.35× the bare Kestrel constant (Redis without persistence; issue 13)";
    private const string DurableGoal = "Runtime turns/s on the durable Redis (AOF, fsync always) ≥ 0.5× redis-benchmark RPUSH on that server (issue 13)";
    private const string RoundTripGoal = "Redis round trips per turn (issue 13)";
    private static readonly byte[] TurnBody = Encoding.UTF8.GetBytes("""{"message":"Where is my order? It was due last week and the tracking page shows nothing."}""");

    public string Id => "5";

    public string Title => "Runtime chat turns per second (64 concurrent clients)";

    public string ComparedWith => "a bare Kestrel process answering the same route with a constant (same load generator), and `redis-benchmark -t rpush -c 64` on the same Redis; then both again on a Redis in the shipped durable configuration (AOF, fsync always)";

    public async Task RunAsync(BenchContext context, FigureResult result, CancellationToken cancellationToken)
    {
        var profile = context.Profile;
        var redis = await context.RedisAsync(cancellationToken);
        var phase = $"{profile.LoadSlices} slices of {profile.LoadWarmup.TotalSeconds:0.#} s ramp + {profile.LoadDuration.TotalSeconds:0.#} s measured";

        context.Progress("bare Kestrel peer: starting");
        double kestrelPerSecond;
        await using (var constant = HarnessChild.Start(ConstantServer.Mode))
        {
            var address = new Uri(await constant.ExpectAsync("listening", cancellationToken));
            using var client = LoadClients.Create(address, Clients);
            HttpRequestMessage Constant(int _) => TurnRequest("sess_AAAAAAAAAAAAAAAAAAAAAA");
            context.Progress($"bare Kestrel peer: {profile.ServerWarmup.TotalSeconds:0} s warm-up, then {Clients} clients, {phase}");
            await WarmUpAsync(client, Constant, profile, cancellationToken);
            var slices = new List<LoadResult>();
            for (var slice = 0; slice < profile.LoadSlices; slice++)
            {
                slices.Add(await HttpLoad.RunAsync(client, Clients, Constant, profile.LoadWarmup, profile.LoadDuration, cancellationToken));
            }

            var load = LoadResult.Combine(slices);
            RequireSuccess(load, "the bare Kestrel peer");
            kestrelPerSecond = load.PerSecond;
            result.Add("bare Kestrel constant: requests/s", load.PerSecond, "req/s", Describe(load));
        }

        context.Progress($"redis-benchmark -t rpush -c {Clients} -n {profile.RedisBenchmarkRequests:N0}");
        var (rpushPerSecond, rpushDetail) = await RedisBenchmarkTool.RunAsync(redis.Port, Clients, profile.RedisBenchmarkRequests, cancellationToken);
        if (rpushPerSecond is { } rpush)
        {
            result.Add("redis-benchmark RPUSH: ops/s", rpush, "ops/s", rpushDetail);
        }
        else
        {
            result.Notes.Add($"**redis-benchmark peer missing:** {rpushDetail}.");
        }

        context.Progress("runtime: starting the AgentSpec.Runtime process");
        var apiKey = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        await using var runtime = await RuntimeProcess.StartAsync(context.RuntimeDll, apiKey, redis.ConnectionString, cancellationToken);
        using var runtimeClient = LoadClients.Create(runtime.Address, Clients);
        runtimeClient.DefaultRequestHeaders.Add(RuntimeHeaders.ApiKey, apiKey);
        var missing = await DeployAgentAsync(runtimeClient, cancellationToken);
        if (missing is not null)
        {
            result.Notes.Add($"**The runtime was not measured:** {missing}");
            result.Goals.Add(GoalResult.Unmeasured(Goal, "≥ 3,000 turns/s", "turns/s", missing));
            return;
        }

        var sessions = new List<string>();
        for (var i = 0; i < Clients; i++)
        {
            sessions.Add(await CreateSessionAsync(runtimeClient, cancellationToken));
        }

        HttpRequestMessage OwnSession(int client) => TurnRequest(sessions[client]);
        HttpRequestMessage HotSession(int _) => TurnRequest(sessions[0]);
        context.Progress($"runtime: {profile.ServerWarmup.TotalSeconds:0} s warm-up");
        var warmup = await WarmUpAsync(runtimeClient, OwnSession, profile, cancellationToken);

        context.Progress($"runtime: {Clients} clients, one session each / all on one hot session, alternating, {phase}");
        var perSessionSlices = new List<LoadResult>();
        var hotSlices = new List<LoadResult>();
        for (var slice = 0; slice < profile.LoadSlices; slice++)
        {
            perSessionSlices.Add(await HttpLoad.RunAsync(runtimeClient, Clients, OwnSession, profile.LoadWarmup, profile.LoadDuration, cancellationToken));
            hotSlices.Add(await HttpLoad.RunAsync(runtimeClient, Clients, HotSession, profile.LoadWarmup, profile.LoadDuration, cancellationToken));
        }

        var perSession = LoadResult.Combine(perSessionSlices);
        var hot = LoadResult.Combine(hotSlices);
        RequireSuccess(perSession, "the runtime");
        RequireSuccess(hot, "the runtime (hot session)");
        result.Add("runtime, 64 sessions: turns/s", perSession.PerSecond, "turns/s", Describe(perSession));
        result.Add("runtime, 1 hot session: turns/s", hot.PerSecond, "turns/s", Describe(hot));

        result.Add("ratio (runtime / bare Kestrel)", perSession.PerSecond / kestrelPerSecond, "×");
        if (rpushPerSecond is { } peer)
        {
            result.Add("ratio (runtime turns / redis-benchmark RPUSH)", perSession.PerSecond / peer, "×");
        }

        var (stored, expected) = await VerifyHistoryAsync(redis, sessions, [warmup, perSession, hot]);
        result.Add("messages stored / 2 × turns answered 2xx", (double)stored / expected, "×", string.Create(CultureInfo.InvariantCulture, $"{stored:N0} messages in Redis for {expected / 2:N0} turns"));

        result.Goals.Add(GoalResult.AtLeast(Goal, GoalTurnsPerSecond, perSession.PerSecond, "turns/s", perSession.PerSecond >= GoalTurnsPerSecond
            ? null
            : "the load generator, the runtime, Redis and the other work on this machine share 2 cores; compare with the bare Kestrel ceiling measured the same way"));
        var kestrelRatio = perSession.PerSecond / kestrelPerSecond;
        var kestrelGoalNote = context.Options.RedisPersistence == RedisPersistence.None
            ? null
            : "measured against a Redis with persistence on (--redis-persistence), not the persistence-off server the goal names";
        result.Goals.Add(GoalResult.AtLeast(KestrelGoal, GoalKestrelRatio, kestrelRatio, "×", kestrelRatio >= GoalKestrelRatio
            ? kestrelGoalNote
            : kestrelGoalNote ?? "see the CPU split below: the runtime process spends most of the 2 cores on HTTP and JSON, next to the load generator"));

        await runtime.DisposeAsync();
        await MeasureDurableAsync(context, result, redis, kestrelPerSecond, cancellationToken);
        foreach (var load in new[] { perSession, hot }.Where(l => l.FirstError is not null))
        {
            result.Notes.Add($"**Some turns failed**; the first error: {load.FirstError}");
        }

        result.Notes.Add("A turn is `POST /v1/agents/bench-agent/sessions/{id}` with header `X-API-Key` and a JSON body `{\"message\": …}`: session check, offline model, one atomic append of the user message and the reply to Redis, JSON reply. The runtime runs with its shipped defaults (including its log levels) plus `AgentSpec__Runtime__ApiKey`, `ConnectionStrings__redis` and `ASPNETCORE_URLS`.");
        result.Notes.Add(string.Create(CultureInfo.InvariantCulture, $"Both servers first get {profile.ServerWarmup.TotalSeconds:0} s of unmeasured load, so their hot paths are JIT-compiled at tier 1 before anything is measured (without it the first phase measured the JIT: about half the later rate), and the two runtime loads alternate in slices so neither profits from running later."));
        result.Notes.Add("The load generator (HttpClient, one pooled HTTP/1.1 connection per client, closed loop) runs inside the harness on the same 2 cores as the server it measures, for both the runtime and the bare Kestrel peer.");
        result.Notes.Add("After the load, every session's message list is counted in Redis (LLEN of the documented key `agentspec:session:{<id>}:messages`): it must hold exactly two messages per turn that was answered 2xx, warm-up included, or the figure fails.");
        result.Notes.Add("Durable rows: a second Redis started by the same launcher with the AppHost's configuration (append-only file, `appendfsync always` on redis-server; Garnet commits its log before each reply), a fresh runtime process on it, the same 64-session load. Commands per turn are the server's `INFO commandstats` deltas over the measured load divided by the turns answered (redis-server only). A turn sends the agent's `HGET` together with its read script and waits for both at once, then sends its write script: 2 round trips (tests/AgentSpec.Runtime.Tests/Redis/TurnRoundTripTests.cs counts the commands). The CPU split is each process's CPU time (user + system) over the measured load divided by the turns answered; the machine has 2 cores, so 2 s of CPU per second is all there is.");
    }

    /// <summary>
    /// The shipped durable configuration: a Redis with AOF and fsync on every write (the run's own Redis when it
    /// already is one), redis-benchmark RPUSH on it, and a fresh runtime process on it under the 64-session load.
    /// </summary>
    private static async Task MeasureDurableAsync(BenchContext context, FigureResult result, RedisServer runRedis, double kestrelPerSecond, CancellationToken cancellationToken)
    {
        var profile = context.Profile;
        RedisServer? own = null;
        try
        {
            var durable = runRedis;
            if (context.Options.RedisPersistence != RedisPersistence.Always)
            {
                context.Progress("durable Redis: starting (AOF, fsync always)");
                own = await RedisServer.StartAsync(runRedis.Kind, password: null, RedisPersistence.Always, context.NewDirectory("redis-durable"), cancellationToken);
                durable = own;
            }

            context.Progress($"durable Redis: redis-benchmark -t rpush -c {Clients} -n {profile.RedisBenchmarkRequests:N0}");
            var (rpushPerSecond, rpushDetail) = await RedisBenchmarkTool.RunAsync(durable.Port, Clients, profile.RedisBenchmarkRequests, cancellationToken);
            if (rpushPerSecond is { } rpush)
            {
                result.Add("durable: redis-benchmark RPUSH: ops/s", rpush, "ops/s", rpushDetail);
            }

            var apiKey = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
            await using var runtime = await RuntimeProcess.StartAsync(context.RuntimeDll, apiKey, durable.ConnectionString, cancellationToken);
            using var client = LoadClients.Create(runtime.Address, Clients);
            client.DefaultRequestHeaders.Add(RuntimeHeaders.ApiKey, apiKey);
            if (await DeployAgentAsync(client, cancellationToken) is { } missing)
            {
                result.Goals.Add(GoalResult.Unmeasured(DurableGoal, "≥ 0.5 ×", "×", missing));
                return;
            }

            var sessions = new List<string>();
            for (var i = 0; i < Clients; i++)
            {
                sessions.Add(await CreateSessionAsync(client, cancellationToken));
            }

            HttpRequestMessage OwnSession(int client) => TurnRequest(sessions[client]);
            context.Progress($"durable Redis: runtime {profile.ServerWarmup.TotalSeconds:0} s warm-up, then {Clients} clients, {profile.LoadSlices} slices");
            var warmup = await WarmUpAsync(client, OwnSession, profile, cancellationToken);

            await using var connection = await durable.ConnectAsync();
            var server = connection.GetServer(connection.GetEndPoints()[0]);
            var redisProcess = await RedisProcessAsync(server);
            var commandsBefore = await CommandCallsAsync(server);
            var cpuBefore = CpuTimes(runtime.Process, redisProcess);
            var slices = new List<LoadResult>();
            for (var slice = 0; slice < profile.LoadSlices; slice++)
            {
                slices.Add(await HttpLoad.RunAsync(client, Clients, OwnSession, profile.LoadWarmup, profile.LoadDuration, cancellationToken));
            }

            var cpuAfter = CpuTimes(runtime.Process, redisProcess);
            var commandsAfter = await CommandCallsAsync(server);
            var load = LoadResult.Combine(slices);
            RequireSuccess(load, "the runtime on the durable Redis");
            result.Add("durable: runtime, 64 sessions: turns/s", load.PerSecond, "turns/s", Describe(load));
            result.Add("durable: ratio (runtime / bare Kestrel)", load.PerSecond / kestrelPerSecond, "×");

            // Every turn of the slices, ramp included, for the per-turn division.
            var turns = slices.Sum(s => s.TotalSucceeded + s.TotalFailed);
            AddCommandsPerTurn(result, commandsBefore, commandsAfter, turns);
            AddCpuSplit(result, cpuBefore, cpuAfter, turns);

            if (rpushPerSecond is { } peer)
            {
                var ratio = load.PerSecond / peer;
                result.Add("durable: ratio (runtime turns / redis-benchmark RPUSH)", ratio, "×");
                result.Goals.Add(GoalResult.AtLeast(DurableGoal, GoalDurableRpushRatio, ratio, "×", ratio >= GoalDurableRpushRatio
                    ? null
                    : "see the CPU split: on 2 shared cores the runtime's HTTP and JSON work, not Redis, sets the rate"));
            }
            else
            {
                result.Goals.Add(GoalResult.Unmeasured(DurableGoal, "≥ 0.5 ×", "×", rpushDetail));
            }

            var (stored, expected) = await VerifyHistoryAsync(durable, sessions, [warmup, load]);
            result.Add("durable: messages stored / 2 × turns answered 2xx", (double)stored / expected, "×", string.Create(CultureInfo.InvariantCulture, $"{stored:N0} messages in Redis for {expected / 2:N0} turns"));
        }
        finally
        {
            if (own is not null)
            {
                await own.DisposeAsync();
            }
        }
    }

    /// <summary>Calls and server time (µs) per command name (<c>INFO commandstats</c>); empty when the server does not report them.</summary>
    private static async Task<Dictionary<string, (long Calls, long Microseconds)>> CommandCallsAsync(IServer server)
    {
        var calls = new Dictionary<string, (long, long)>(StringComparer.OrdinalIgnoreCase);
        string info;
        try
        {
            info = await server.InfoRawAsync("commandstats") ?? string.Empty;
        }
        catch (RedisException)
        {
            return calls;
        }

        // cmdstat_evalsha:calls=123,usec=456,...
        foreach (var line in info.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (!line.StartsWith("cmdstat_", StringComparison.Ordinal) || colon < 0)
            {
                continue;
            }

            var fields = line[(colon + 1)..].Split(',').Select(f => f.Split('=')).Where(f => f.Length == 2).ToDictionary(f => f[0], f => f[1], StringComparer.Ordinal);
            if (fields.TryGetValue("calls", out var text) && long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var count))
            {
                var microseconds = fields.TryGetValue("usec", out var usec) && long.TryParse(usec, NumberStyles.None, CultureInfo.InvariantCulture, out var spent) ? spent : 0;
                calls[line["cmdstat_".Length..colon]] = (count, microseconds);
            }
        }

        return calls;
    }

    /// <summary>
    /// Commands the runtime sends per turn (scripts and the agent's HGET), and, separately, the commands its scripts
    /// run inside Redis (Redis 7 counts those in commandstats too).
    /// </summary>
    private static void AddCommandsPerTurn(FigureResult result, Dictionary<string, (long Calls, long Microseconds)> before, Dictionary<string, (long Calls, long Microseconds)> after, long turns)
    {
        if (after.Count == 0 || turns == 0)
        {
            result.Goals.Add(GoalResult.Unmeasured(RoundTripGoal, "≤ 2 round trips", "round trips", "this server reports no INFO commandstats; tests/AgentSpec.Runtime.Tests/Redis/TurnRoundTripTests.cs counts them (2)"));
            return;
        }

        string[] sent = ["evalsha", "eval", "hget"];
        var delta = after
            .Select(entry => (Name: entry.Key, Calls: entry.Value.Calls - before.GetValueOrDefault(entry.Key).Calls, Microseconds: entry.Value.Microseconds - before.GetValueOrDefault(entry.Key).Microseconds))
            .Where(entry => entry.Calls > 0 && !entry.Name.StartsWith("info", StringComparison.OrdinalIgnoreCase))
            .OrderByDescending(entry => entry.Calls)
            .ToList();
        var fromRuntime = delta.Where(c => sent.Contains(c.Name, StringComparer.OrdinalIgnoreCase)).ToList();
        var inScripts = delta.Where(c => !sent.Contains(c.Name, StringComparer.OrdinalIgnoreCase)).ToList();
        string Describe(IEnumerable<(string Name, long Calls, long Microseconds)> commands) =>
            string.Join(", ", commands.Select(c => string.Create(CultureInfo.InvariantCulture, $"{c.Name} {c.Calls / (double)turns:0.00}")));

        var scripts = fromRuntime.Where(c => c.Name.StartsWith("eval", StringComparison.OrdinalIgnoreCase)).Sum(c => c.Calls) / (double)turns;
        result.Add("durable: Redis commands sent per turn", fromRuntime.Sum(c => c.Calls) / (double)turns, "commands", Describe(fromRuntime));
        result.Add("durable: Redis round trips per turn", scripts, "round trips", "EVALSHA calls per turn: this build's turn waits once per script, its agent HGET sent with the read script (a build passed with --runtime-dll may wait for more)");
        result.Add("durable: commands run inside the scripts per turn", inScripts.Sum(c => c.Calls) / (double)turns, "commands", Describe(inScripts));

        // Redis 7 counts a script's time under EVALSHA (its inner commands are counted again under their own names).
        var serverMicroseconds = fromRuntime.Sum(c => c.Microseconds) / (double)turns;
        result.Add("durable: Redis server time per turn (commandstats usec)", serverMicroseconds, "µs", string.Join(", ", fromRuntime.Select(c => string.Create(CultureInfo.InvariantCulture, $"{c.Name} {c.Microseconds / (double)turns:0.0} µs"))) + "; the AOF write and fsync come on top, outside the commands");
        result.Goals.Add(GoalResult.AtMost(RoundTripGoal, 2, scripts, "round trips", scripts <= 2.0001 ? null : "more scripts per turn than the read and the write"));
    }

    private static async Task<Process?> RedisProcessAsync(IServer server)
    {
        try
        {
            var info = await server.InfoRawAsync("server") ?? string.Empty;
            var line = info.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.StartsWith("process_id:", StringComparison.Ordinal));
            return line is not null && int.TryParse(line["process_id:".Length..], NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
                ? Process.GetProcessById(pid)
                : null;
        }
        catch (Exception exception) when (exception is RedisException or ArgumentException or InvalidOperationException)
        {
            return null;
        }
    }

    private static (TimeSpan Runtime, TimeSpan? Redis, TimeSpan Harness) CpuTimes(Process runtime, Process? redis)
    {
        runtime.Refresh();
        redis?.Refresh();
        return (runtime.TotalProcessorTime, redis?.TotalProcessorTime, Process.GetCurrentProcess().TotalProcessorTime);
    }

    private static void AddCpuSplit(FigureResult result, (TimeSpan Runtime, TimeSpan? Redis, TimeSpan Harness) before, (TimeSpan Runtime, TimeSpan? Redis, TimeSpan Harness) after, long turns)
    {
        if (turns == 0)
        {
            return;
        }

        double PerTurn(TimeSpan spent) => spent.TotalMilliseconds * 1000 / turns;
        result.Add("durable: CPU per turn, runtime process", PerTurn(after.Runtime - before.Runtime), "µs", "HTTP, JSON, the turn pipeline, the Redis client");
        if (before.Redis is { } redisBefore && after.Redis is { } redisAfter)
        {
            result.Add("durable: CPU per turn, Redis server", PerTurn(redisAfter - redisBefore), "µs", "both scripts, the HGET, the AOF write (the fsync wait is not CPU)");
        }

        result.Add("durable: CPU per turn, load generator (harness)", PerTurn(after.Harness - before.Harness), "µs", "64 HttpClient loops in the harness process, on the same 2 cores");
    }

    private static Task<LoadResult> WarmUpAsync(HttpClient client, Func<int, HttpRequestMessage> request, BenchProfile profile, CancellationToken cancellationToken) =>
        HttpLoad.RunAsync(client, Clients, request, profile.ServerWarmup, TimeSpan.FromMilliseconds(1), cancellationToken);

    private static string Describe(LoadResult load) => string.Create(
        CultureInfo.InvariantCulture,
        $"p50 {Format.Number(load.LatencyMs.P50)} ms, p99 {Format.Number(load.LatencyMs.P99)} ms, {load.Completed:N0} ok, {load.Failed:N0} failed in {load.Seconds:0} s");

    /// <summary>Counts what Redis holds against what the clients were told was stored.</summary>
    private static async Task<(long Stored, long Expected)> VerifyHistoryAsync(RedisServer redis, List<string> sessions, LoadResult[] loads)
    {
        await using var connection = await redis.ConnectAsync();
        var database = connection.GetDatabase();
        long stored = 0;
        foreach (var session in sessions)
        {
            stored += await database.ListLengthAsync($"agentspec:session:{{{session}}}:messages");
        }

        var succeeded = loads.Sum(l => l.TotalSucceeded);
        var failed = loads.Sum(l => l.TotalFailed);
        var expected = 2 * succeeded;
        // A turn whose answer the client never saw may or may not have been stored; one answered 2xx must be.
        if (stored < expected || (failed == 0 && stored != expected))
        {
            throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture,
                $"Redis holds {stored:N0} messages in the {sessions.Count} sessions, but {succeeded:N0} turns were answered 2xx ({failed:N0} failed): expected {expected:N0}."));
        }

        return (stored, expected);
    }

    private static HttpRequestMessage TurnRequest(string sessionId)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri($"/v1/agents/{Agent}/sessions/{sessionId}", UriKind.Relative))
        {
            Content = new ByteArrayContent(TurnBody),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return request;
    }

    /// <returns>Null when the agent is deployed; otherwise why the runtime cannot be measured.</returns>
    private static async Task<string?> DeployAgentAsync(HttpClient client, CancellationToken cancellationToken)
    {
        var definition = new JsonObject
        {
            ["name"] = Agent,
            ["package"] = "bench",
            ["fqn"] = $"bench/Agent/{Agent}",
            ["model"] = "claude-sonnet-4-20250514",
            ["prompt"] = new JsonObject { ["name"] = "system", ["content"] = "You are a helpful support assistant." },
            ["attributes"] = new JsonObject { ["model"] = "claude-sonnet-4-20250514", ["prompt"] = "system" },
        };
        using var content = new StringContent(definition.ToJsonString(), Encoding.UTF8, "application/json");
        using var response = await client.PutAsync(new Uri($"/v1/agents/{Agent}", UriKind.Relative), content, cancellationToken);
        if (response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.MethodNotAllowed)
        {
            return string.Create(CultureInfo.InvariantCulture, $"this build of AgentSpec.Runtime does not serve PUT /v1/agents/{{name}} (HTTP {(int)response.StatusCode}); the runtime's chat API is not on this branch yet.");
        }

        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"Deploying the benchmark agent failed: HTTP {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(cancellationToken)}");
        }

        return null;
    }

    private static async Task<string> CreateSessionAsync(HttpClient client, CancellationToken cancellationToken)
    {
        using var response = await client.PostAsync(new Uri($"/v1/agents/{Agent}/sessions", UriKind.Relative), null, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        if (response.StatusCode != HttpStatusCode.Created)
        {
            throw new InvalidOperationException($"Creating a session failed: HTTP {(int)response.StatusCode} {text}");
        }

        return (string?)JsonNode.Parse(text)?["session_id"] ?? throw new InvalidOperationException($"The session answer has no session_id: {text}");
    }

    private static void RequireSuccess(LoadResult load, string what)
    {
        if (load.Completed == 0)
        {
            throw new InvalidOperationException($"No request to {what} succeeded during the measurement. First error: {load.FirstError ?? "none recorded"}");
        }
    }
}
