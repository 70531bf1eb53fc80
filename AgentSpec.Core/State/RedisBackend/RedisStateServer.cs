using System.Globalization;
using System.Net;
using AgentSpec.Core.State.Errors;
using AgentSpec.Core.State.Format;
using StackExchange.Redis;

namespace AgentSpec.Core.State.RedisBackend;

/// <summary>
/// One workspace on one server: runs the commands and scripts, reads and judges stored documents, and turns
/// every Redis failure into one <see cref="StateBackendUnavailableException"/> sentence (docs/state.md, "Redis backend").
/// </summary>
internal sealed class RedisStateServer
{
    public RedisStateServer(IConnectionMultiplexer connection, RedisStateBackendOptions options)
    {
        Connection = connection;
        Database = connection.GetDatabase();
        Keys = new RedisStateKeys(options.KeyPrefix, options.Workspace);
        var endPoints = connection.GetEndPoints();
        Endpoint = endPoints.Length == 0 ? "unknown" : Describe(endPoints[0]);
        Location = $"redis://{Endpoint}/{Keys.Document}";
    }

    public IConnectionMultiplexer Connection { get; }

    public IDatabase Database { get; }

    public RedisStateKeys Keys { get; }

    /// <summary>host:port, never with a password.</summary>
    public string Endpoint { get; }

    /// <summary><c>redis://host:port/agentspec:state:{ws}</c>.</summary>
    public string Location { get; }

    /// <summary>How messages name generation <paramref name="index"/> (0 is the newest, the backup).</summary>
    public string GenerationPath(int index) => $"redis://{Endpoint}/{Keys.Generations}[{index.ToString(CultureInfo.InvariantCulture)}]";

    public string BackupPath => GenerationPath(0);

    public string KeyPath(string key) => $"redis://{Endpoint}/{key}";

    /// <summary>Runs one command, turning Redis failures into <see cref="StateBackendUnavailableException"/>.</summary>
    public async Task<T> RunAsync<T>(string operation, Func<IDatabase, Task<T>> action, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        try
        {
            // A sent command cannot be recalled; the token only stops the wait.
            return await action(Database).WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (IsRedisFailure(exception))
        {
            throw Unavailable(exception, operation);
        }
    }

    public Task<RedisResult> EvaluateAsync(string operation, string script, RedisKey[] keys, RedisValue[] values, CancellationToken cancellationToken) =>
        RunAsync(operation, db => db.ScriptEvaluateAsync(script, keys, values), cancellationToken);

    /// <summary>The stored document, judged (JSON, schema, checksum, and the hash fields against the document).</summary>
    public async Task<RedisStoredDocument> ReadDocumentAsync(CancellationToken cancellationToken)
    {
        var reply = (RedisResult[])(await EvaluateAsync("read", RedisStateScripts.Read, [Keys.Document, Keys.Generations], [], cancellationToken).ConfigureAwait(false))!;
        var kind = (string)reply[0]!;
        var serialField = (string?)reply[1] ?? string.Empty;
        var lineageField = (string?)reply[2] ?? string.Empty;
        var content = (byte[]?)reply[3];
        var written = long.TryParse((string?)reply[4], NumberStyles.Integer, CultureInfo.InvariantCulture, out var ms) ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : (DateTimeOffset?)null;
        var generations = (long)reply[5];
        var parse = kind switch
        {
            "none" => StateParse.Missing,
            "hash" when content is null || content.Length == 0 => StateParse.Damaged("the state hash has no \"content\" field", serialHint: ParseSerial(serialField)),
            "hash" => Judge(StateSerializer.Parse(content), serialField, lineageField),
            _ => StateParse.Damaged($"the state key is a Redis {kind}, not a hash"),
        };

        // The fence compares the fields exactly as stored; a key of another type is fenced on its type.
        var fenceSerial = kind is "hash" or "none" ? serialField : "?" + kind;
        return new RedisStoredDocument(parse, fenceSerial, lineageField, written, generations);
    }

    /// <summary>Every kept generation, newest first, judged.</summary>
    public async Task<IReadOnlyList<StateParse>> ReadGenerationsAsync(CancellationToken cancellationToken)
    {
        var values = await RunAsync("read generations", db => db.ListRangeAsync(Keys.Generations), cancellationToken).ConfigureAwait(false);
        return values.Select(value => StateSerializer.Parse((byte[]?)value ?? [])).ToList();
    }

    /// <summary>The newest generation (the backup), judged; Missing when none is kept.</summary>
    public async Task<StateParse> ReadNewestGenerationAsync(CancellationToken cancellationToken)
    {
        var value = await RunAsync("read generations", db => db.ListGetByIndexAsync(Keys.Generations, 0), cancellationToken).ConfigureAwait(false);
        return value.IsNull ? StateParse.Missing : StateSerializer.Parse((byte[]?)value ?? []);
    }

    /// <summary>The newest generation's stored bytes (null when none is kept) and their judgement.</summary>
    public async Task<(byte[]? Bytes, StateParse Parse)> ReadNewestGenerationBytesAsync(CancellationToken cancellationToken)
    {
        var value = await RunAsync("read generations", db => db.ListGetByIndexAsync(Keys.Generations, 0), cancellationToken).ConfigureAwait(false);
        return value.IsNull ? (null, StateParse.Missing) : ((byte[]?)value, StateSerializer.Parse((byte[]?)value ?? []));
    }

    public static bool IsRedisFailure(Exception exception) => exception is RedisException or TimeoutException;

    /// <summary>Only a command the client still held (not yet written to the socket) is known not to have run.</summary>
    public static bool MayHaveBeenSent(Exception exception) => exception switch
    {
        RedisConnectionException { CommandStatus: CommandStatus.WaitingToBeSent or CommandStatus.WaitingInBacklog } => false,
        RedisTimeoutException { Commandstatus: CommandStatus.WaitingToBeSent or CommandStatus.WaitingInBacklog } => false,
        RedisServerException => false,
        _ => true,
    };

    /// <summary>One sentence naming the cause (docs/state.md, "Redis backend": errors); nothing was written.</summary>
    public StateBackendUnavailableException Unavailable(Exception exception, string operation) =>
        Describe(Location, Endpoint, exception, operation, OnlyReplicasConnected());

    /// <param name="onlyReplicas">
    /// The client is connected, but only to replicas: it then refuses writes itself ("no connection is
    /// available") instead of sending them and getting READONLY back.
    /// </param>
    internal static StateBackendUnavailableException Describe(string location, string endpoint, Exception exception, string operation, bool onlyReplicas = false)
    {
        var text = exception.Message;
        var (cause, hint) = exception switch
        {
            _ when Contains(text, "WRONGPASS") || Contains(text, "NOAUTH") || Contains(text, "invalid password") || Contains(text, "AuthenticationFailure") || exception is RedisConnectionException { FailureType: ConnectionFailureType.AuthenticationFailure } =>
                ("refused the credentials (wrong or missing password)", "Check the password in the connection string (--state-redis or ConnectionStrings__state)."),
            _ when Contains(text, "READONLY") || (onlyReplicas && exception is RedisConnectionException) =>
                ("is a read-only replica", "Point the connection at the primary server, not a replica."),
            _ when text.StartsWith("OOM", StringComparison.Ordinal) || Contains(text, "OOM command") =>
                ("is out of memory (maxmemory reached)", "Free memory on the server or raise its maxmemory, then retry."),
            _ when text.StartsWith("LOADING", StringComparison.Ordinal) =>
                ("is still loading its data", "Retry in a moment."),
            // Before the script check: a timeout's message names the command (EVAL) and the next one (SCRIPT).
            RedisTimeoutException or TimeoutException =>
                ("did not answer in time", "Check that the server is running and not overloaded, then retry."),
            _ when Contains(text, "NOSCRIPT") || Contains(text, "unknown command") || Contains(text, "ERR Error") || Contains(text, "script") =>
                ($"could not run the state backend's Lua script ({Trim(text)})", "Use Redis 6 or later, or Garnet with Lua enabled (--lua)."),
            RedisConnectionException =>
                ("cannot be reached", "Check that the server is running and the address is right (--state-redis or ConnectionStrings__state)."),
            _ => ($"refused the command ({Trim(text)})", "Check the server's log."),
        };
        return new StateBackendUnavailableException(
            location,
            $"The state server {endpoint} {cause}, so {operation} failed; nothing was written.",
            hint,
            exception);
    }

    private bool OnlyReplicasConnected()
    {
        try
        {
            var servers = Connection.GetServers();
            return servers.Length > 0 && servers.Any(server => server.IsConnected) && servers.Where(server => server.IsConnected).All(server => server.IsReplica);
        }
        catch (Exception exception) when (IsRedisFailure(exception) || exception is InvalidOperationException or NotSupportedException)
        {
            return false;
        }
    }

    private static StateParse Judge(StateParse parse, string serialField, string lineageField)
    {
        if (!parse.IsValid)
        {
            return parse.SerialHint is null && ParseSerial(serialField) is { } hint ? parse with { SerialHint = hint } : parse;
        }

        var document = parse.Document!;
        if (document.Version == StateDocument.LegacyVersion)
        {
            return parse;
        }

        var serial = document.Serial.ToString(CultureInfo.InvariantCulture);
        if (serialField != serial || lineageField != document.Lineage)
        {
            return StateParse.Damaged(
                $"the hash fields (serial {serialField}, lineage {lineageField}) disagree with its document (serial {serial}, lineage {document.Lineage})",
                document.Version,
                Math.Max(document.Serial, ParseSerial(serialField) ?? 0));
        }

        return parse;
    }

    private static long? ParseSerial(string text) => long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var serial) ? serial : null;

    private static bool Contains(string text, string part) => text.Contains(part, StringComparison.OrdinalIgnoreCase);

    private static string Trim(string text)
    {
        var line = text.Split('\n', 2)[0].Trim().TrimEnd('.');
        return line.Length > 200 ? line[..200] + "…" : line;
    }

    private static string Describe(EndPoint endPoint) => endPoint switch
    {
        DnsEndPoint dns => $"{dns.Host}:{dns.Port.ToString(CultureInfo.InvariantCulture)}",
        IPEndPoint ip => ip.ToString(),
        _ => endPoint.ToString() ?? "unknown",
    };
}

/// <summary>
/// A stored document as read: judged, plus the raw <c>serial</c> and <c>lineage</c> fields the commit script
/// fences on, when it was written, and how many generations are kept.
/// </summary>
internal sealed record RedisStoredDocument(StateParse Parse, string FenceSerial, string FenceLineage, DateTimeOffset? Written, long GenerationCount)
{
    /// <summary>Identifies this stored version, so a recovery can tell the state changed since it was planned.</summary>
    public string Identity => $"{FenceSerial}|{FenceLineage}|{Written?.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture)}";
}
