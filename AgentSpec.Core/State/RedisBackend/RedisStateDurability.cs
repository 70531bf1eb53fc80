using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace AgentSpec.Core.State.RedisBackend;

/// <summary>
/// Reads the server's persistence settings once per backend, when the server allows it, and warns once when
/// an acknowledged commit would not survive a crash of the server: no append-only file, or one not fsynced
/// before each reply (docs/state.md, "Redis backend": durability). Garnet answers <c>CONFIG GET</c> for the
/// settings it knows; a server that refuses, or a client without admin mode (StackExchange.Redis refuses
/// <c>CONFIG</c> then; <see cref="RedisStateBackend.ConnectAsync"/> enables it), is not judged.
/// </summary>
internal sealed class RedisStateDurability(RedisStateServer server, RedisStateBackendOptions options, ILogger logger)
{
    private int _checked;

    public async Task CheckOnceAsync(CancellationToken cancellationToken)
    {
        if (!options.CheckDurability || Interlocked.Exchange(ref _checked, 1) == 1)
        {
            return;
        }

        string? appendOnly;
        string? appendFsync;
        try
        {
            appendOnly = await ConfigGetAsync("appendonly").WaitAsync(cancellationToken).ConfigureAwait(false);
            appendFsync = await ConfigGetAsync("appendfsync").WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (RedisStateServer.IsRedisFailure(exception) || exception is RedisCommandException or InvalidOperationException or NotSupportedException)
        {
            // Not allowed (renamed or ACL-denied CONFIG) or unknown: the lock and commit report a real outage themselves.
            return;
        }

        var reason = (appendOnly, appendFsync) switch
        {
            ("no", _) => "the server keeps no append-only file (appendonly no), so commits since its last snapshot are lost if it crashes",
            ("yes", "everysec") => "the server fsyncs its append-only file once a second (appendfsync everysec), so up to a second of acknowledged commits can be lost in a crash",
            ("yes", "no") => "the server leaves fsyncing its append-only file to the operating system (appendfsync no), so acknowledged commits can be lost in a crash",
            _ => null,
        };
        if (reason is not null)
        {
            StateLog.DurabilityAtRisk(logger, server.Location, reason + "; set appendonly yes and appendfsync always, or wait for replicas (--state-redis-replicas)");
        }
    }

    private async Task<string?> ConfigGetAsync(string name)
    {
        var reply = await server.Database.ExecuteAsync("CONFIG", "GET", name).ConfigureAwait(false);
        if (reply.Resp2Type != ResultType.Array)
        {
            return null;
        }

        var items = (RedisResult[])reply!;
        return items.Length >= 2 ? ((string?)items[1])?.ToLowerInvariant() : null;
    }
}
