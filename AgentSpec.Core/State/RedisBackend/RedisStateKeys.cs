using StackExchange.Redis;

namespace AgentSpec.Core.State.RedisBackend;

/// <summary>
/// The key schema of one workspace (docs/state.md, "Redis backend") and the only place its keys are built.
/// Every key carries the hash tag <c>{workspace}</c>, so one script can touch them all on a cluster too.
/// <list type="table">
/// <item><c>agentspec:state:{ws}</c> — hash: <c>content</c> (the sealed state document, the same bytes as the state file), <c>serial</c>, <c>lineage</c>, <c>checksum</c>, <c>written</c></item>
/// <item><c>agentspec:state:{ws}:generations</c> — list: previous documents, newest first, trimmed to <see cref="RedisStateBackendOptions.GenerationsKept"/></item>
/// <item><c>agentspec:state:{ws}:lock</c> — string: the holder's lock id, with the lease as <c>PX</c></item>
/// <item><c>agentspec:state:{ws}:holder</c> — string: the holder information (JSON); present without the lock key when a holder lost its lease without releasing</item>
/// <item><c>agentspec:state:{ws}:lock:broken</c> — hash: the last holder whose lock was taken from it (<c>holder</c>, <c>how</c>, <c>at</c>), so a fenced holder can tell why</item>
/// <item><c>agentspec:state:{ws}:quarantine:&lt;time&gt;-&lt;id&gt;</c> — the damaged document (a hash copy, or the key renamed aside) or a damaged newest generation (a string), never deleted</item>
/// <item>channel <c>agentspec:state:{ws}:released</c> — a message on every release, to wake waiters</item>
/// </list>
/// </summary>
internal sealed class RedisStateKeys
{
    public RedisStateKeys(string prefix, string workspace)
    {
        Workspace = workspace;
        Document = $"{prefix}{{{workspace}}}";
        Generations = Document + ":generations";
        Lock = Document + ":lock";
        Holder = Document + ":holder";
        Broken = Document + ":lock:broken";
        ReleasedChannel = Document + ":released";
        Released = RedisChannel.Literal(ReleasedChannel);
    }

    public string Workspace { get; }

    public string Document { get; }

    public string Generations { get; }

    public string Lock { get; }

    public string Holder { get; }

    public string Broken { get; }

    public string ReleasedChannel { get; }

    public RedisChannel Released { get; }

    public string Quarantine(DateTimeOffset now) =>
        $"{Document}:quarantine:{now.UtcDateTime:yyyyMMdd'T'HHmmss'Z'}-{Guid.NewGuid():N}";
}
