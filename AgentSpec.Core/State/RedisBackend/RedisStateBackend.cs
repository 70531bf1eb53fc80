using System.Text.Json;
using AgentSpec.Core.State.Errors;
using AgentSpec.Core.State.Format;
using AgentSpec.Core.Telemetry;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace AgentSpec.Core.State.RedisBackend;

/// <summary>
/// State in Redis (or Garnet), shared by every machine that reaches the server (docs/state.md, "Redis backend"):
/// one hash per workspace with the canonical document, its previous generations, and a leased lock whose
/// holder is fenced on the server — a commit is one script that writes only while the caller's lock id holds
/// the lock and the stored serial and lineage are the ones it loaded. Every Redis failure becomes a
/// <see cref="StateBackendUnavailableException"/> with nothing written.
/// </summary>
public sealed class RedisStateBackend : IStateBackend
{
    private readonly RedisStateServer _server;
    private readonly RedisStateBackendOptions _options;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly RedisStateDurability _durability;

    public RedisStateBackend(IConnectionMultiplexer connection, RedisStateBackendOptions options, ILogger<RedisStateBackend> logger, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        ArgumentNullException.ThrowIfNull(timeProvider);
        options.Validate();
        _options = options;
        _logger = logger;
        _time = timeProvider;
        _server = new RedisStateServer(connection, options);
        _durability = new RedisStateDurability(_server, options, logger);
    }

    /// <summary><c>redis://host:port/agentspec:state:{workspace}</c> (never a password).</summary>
    public string Location => _server.Location;

    public string Workspace => _options.Workspace;

    /// <summary>
    /// Connects to <paramref name="connectionString"/> (StackExchange.Redis syntax) and fails with one
    /// <see cref="StateBackendUnavailableException"/> sentence when the server cannot be reached or refuses the password.
    /// Admin mode is enabled so the backend can read the persistence settings (<c>CONFIG GET</c>).
    /// </summary>
    public static async Task<ConnectionMultiplexer> ConnectAsync(string connectionString, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        var options = ConfigurationOptions.Parse(connectionString);
        RedisStateClientDefaults.Apply(options, connectionString);
        var endpoint = options.EndPoints.Count == 0 ? "unknown" : options.EndPoints[0].ToString() ?? "unknown";
        try
        {
            return await ConnectionMultiplexer.ConnectAsync(options).WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (RedisStateServer.IsRedisFailure(exception))
        {
            throw RedisStateServer.Describe($"redis://{endpoint}", endpoint, exception, "connecting");
        }
    }

    public async Task<StateDocument> ReadAsync(CancellationToken cancellationToken)
    {
        using var activity = StateTelemetry.StartActivity(StateTelemetry.LoadSpan, Location, Workspace);
        activity?.SetTag("state.locked", false);
        var stored = await _server.ReadDocumentAsync(cancellationToken).ConfigureAwait(false);
        var parse = stored.Parse;
        parse.ThrowIfUntouchable(Location);
        switch (parse.Outcome)
        {
            case StateParseOutcome.Valid:
                activity?.SetTag("state.serial", parse.Document!.Serial);
                return parse.Document!;
            case StateParseOutcome.Missing:
                await ThrowIfOnlyGenerationsExistAsync(stored, cancellationToken).ConfigureAwait(false);
                return StateDocument.Empty();
            default:
                var generations = await _server.ReadGenerationsAsync(cancellationToken).ConfigureAwait(false);
                for (var i = 0; i < generations.Count; i++)
                {
                    if (generations[i].IsValid)
                    {
                        StateLog.ReadFromBackup(_logger, Location, parse.Problem!, _server.GenerationPath(i), generations[i].Document!.Serial);
                        return generations[i].Document!;
                    }
                }

                var newest = generations.Count > 0 ? generations[0] : StateParse.Missing;
                throw new StateCorruptedException(Location, parse.Problem!, null, _server.BackupPath, StateFileCheck.ConditionOf(newest), newest.Problem);
        }
    }

    public async Task<IStateLock> LockAsync(StateLockOptions options, CancellationToken cancellationToken)
    {
        await _durability.CheckOnceAsync(cancellationToken).ConfigureAwait(false);
        var acquirer = new RedisStateLockAcquirer(_server, _options, _logger, _time);
        var lease = await acquirer.AcquireAsync(options, cancellationToken).ConfigureAwait(false);
        return new RedisStateLock(_server, _options, _logger, _time, lease);
    }

    public async Task<StateStatus> GetStatusAsync(CancellationToken cancellationToken)
    {
        var stored = await _server.ReadDocumentAsync(cancellationToken).ConfigureAwait(false);
        var counts = StateEntryStatus.All.ToDictionary(status => status, _ => 0, StringComparer.Ordinal);
        if (stored.Parse.IsValid)
        {
            foreach (var entry in stored.Parse.Document!.Entries)
            {
                counts[entry.Status]++;
            }
        }

        var backup = await _server.ReadNewestGenerationAsync(cancellationToken).ConfigureAwait(false);
        return new StateStatus
        {
            State = StateFileCheck.Of(Location, stored.Parse, stored.Written),
            Backup = StateFileCheck.Of(_server.BackupPath, backup, null),
            CountsByStatus = counts,
            Lock = await GetLockStatusAsync(cancellationToken).ConfigureAwait(false),
        };
    }

    public async Task<StateVerification> VerifyAsync(CancellationToken cancellationToken)
    {
        var stored = await _server.ReadDocumentAsync(cancellationToken).ConfigureAwait(false);
        var backup = await _server.ReadNewestGenerationAsync(cancellationToken).ConfigureAwait(false);
        return new StateVerification(StateFileCheck.Of(Location, stored.Parse, stored.Written), StateFileCheck.Of(_server.BackupPath, backup, null));
    }

    /// <summary>Every kept previous generation, newest first (<c>state history</c>); <see cref="StateRecoverySource.FromSerial"/> restores one.</summary>
    public async Task<IReadOnlyList<StateFileCheck>> ListGenerationsAsync(CancellationToken cancellationToken)
    {
        var generations = await _server.ReadGenerationsAsync(cancellationToken).ConfigureAwait(false);
        return generations.Select((parse, index) => StateFileCheck.Of(_server.GenerationPath(index), parse, null)).ToList();
    }

    public async Task<StateLockHolderInfo> ForceUnlockAsync(string lockId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(lockId);
        var keys = _server.Keys;
        var reply = (RedisResult[])(await _server.EvaluateAsync(
            "unlock",
            RedisStateScripts.ForceUnlock,
            [keys.Lock, keys.Holder, keys.Broken],
            [lockId, _time.GetUtcNow().ToString("O")],
            cancellationToken).ConfigureAwait(false))!;
        if ((long)reply[0] != 1)
        {
            var current = (string?)reply[1];
            var holder = ParseHolder((string?)reply[2]);
            throw new StateLockIdMismatchException(Location, lockId, string.IsNullOrEmpty(current) ? null : holder is not null && holder.LockId == current ? holder : Anonymous(current, _time.GetUtcNow()));
        }

        var broken = ParseHolder((string?)reply[1]) ?? Anonymous(lockId, _time.GetUtcNow());
        await RedisStateLockAcquirer.AnnounceReleaseAsync(_server).ConfigureAwait(false);
        StateLog.ForceUnlocked(_logger, Location, lockId, broken.Pid, broken.Hostname, _server.KeyPath(keys.Broken));
        StateTelemetry.StaleLockRecoveries.Add(1, Tags("forced"));
        return broken;
    }

    internal KeyValuePair<string, object?>[] Tags(string kind) =>
        [new(StateTelemetry.StaleKindTag, kind), new(StateTelemetry.BackendTag, "redis"), new(StateTelemetry.WorkspaceTag, Workspace)];

    private async Task<StateLockStatus?> GetLockStatusAsync(CancellationToken cancellationToken)
    {
        var keys = _server.Keys;
        var values = await _server.RunAsync("status", db => db.StringGetAsync([keys.Lock, keys.Holder]), cancellationToken).ConfigureAwait(false);
        var lockId = (string?)values[0];
        var holder = ParseHolder((string?)values[1]);
        if (lockId is null && holder is null)
        {
            return null;
        }

        var now = _time.GetUtcNow();
        if (lockId is not null && (holder is null || holder.LockId != lockId))
        {
            holder = null;
        }

        return new StateLockStatus(_server.KeyPath(keys.Lock), holder, lockId is not null, holder is null ? null : now - holder.Renewed);
    }

    private async Task ThrowIfOnlyGenerationsExistAsync(RedisStoredDocument stored, CancellationToken cancellationToken)
    {
        if (stored.GenerationCount == 0)
        {
            return;
        }

        // The commit script never deletes the document, so generations alone mean someone deleted it: not silently resurrected.
        var newest = await _server.ReadNewestGenerationAsync(cancellationToken).ConfigureAwait(false);
        throw new StateMissingException(Location, _server.BackupPath, newest.Document?.Serial, StateFileCheck.ConditionOf(newest), newest.Problem);
    }

    internal static StateLockHolderInfo? ParseHolder(string? json)
    {
        if (string.IsNullOrEmpty(json))
        {
            return null;
        }

        try
        {
            var holder = JsonSerializer.Deserialize(json, StateJsonContext.Default.StateLockHolderInfo);
            return holder is { IsComplete: true } ? holder : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static StateLockHolderInfo Anonymous(string lockId, DateTimeOffset now) => new()
    {
        LockId = lockId,
        Pid = 0,
        Hostname = "an unknown host",
        User = string.Empty,
        Operation = "unknown",
        Created = now,
        Renewed = now,
    };
}
