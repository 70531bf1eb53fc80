using System.Text.RegularExpressions;

namespace AgentSpec.Core.State.RedisBackend;

/// <summary>Where and how the Redis state backend keeps a workspace's state (docs/state.md, "Redis backend").</summary>
public sealed partial record RedisStateBackendOptions
{
    public const string DefaultWorkspace = "default";

    /// <summary>The workspace: one state and one lock per workspace on a server (letters, digits, <c>.</c>, <c>_</c>, <c>-</c>; at most 64).</summary>
    public string Workspace { get; init; } = DefaultWorkspace;

    /// <summary>Previous generations kept for <c>state recover</c> (the newest is the equivalent of the file backend's <c>.bak</c>).</summary>
    public int GenerationsKept { get; init; } = 10;

    /// <summary>When above 0, a commit waits (<c>WAIT</c>) until this many replicas acknowledged it before reporting success.</summary>
    public int ReplicasToWait { get; init; }

    /// <summary>How long a replica acknowledgement may take before the commit is reported as not replicated.</summary>
    public TimeSpan ReplicaTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The lock key's lease (<c>PX</c>), renewed every third of it while held: a holder that dies or hangs loses
    /// the lock this long after its last renewal. The effective lease is the shorter of this and the lock
    /// options' <see cref="StateLockOptions.StaleLockTimeout"/>.
    /// </summary>
    public TimeSpan Lease { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Whether to read the server's persistence settings (<c>CONFIG GET</c>) and warn once when acknowledged writes would not survive a crash.</summary>
    public bool CheckDurability { get; init; } = true;

    /// <summary>The key prefix before the workspace's hash tag.</summary>
    public string KeyPrefix { get; init; } = "agentspec:state:";

    public void Validate()
    {
        if (!WorkspacePattern().IsMatch(Workspace ?? string.Empty))
        {
            throw new ArgumentException($"The workspace name \"{Workspace}\" is not valid: use 1 to 64 letters, digits, '.', '_' or '-'.", nameof(Workspace));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(GenerationsKept, 1, nameof(GenerationsKept));
        ArgumentOutOfRangeException.ThrowIfNegative(ReplicasToWait, nameof(ReplicasToWait));
        ArgumentOutOfRangeException.ThrowIfLessThan(Lease, TimeSpan.FromMilliseconds(100), nameof(Lease));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(ReplicaTimeout, TimeSpan.Zero, nameof(ReplicaTimeout));
        ArgumentException.ThrowIfNullOrEmpty(KeyPrefix, nameof(KeyPrefix));
        if (KeyPrefix.AsSpan().IndexOfAny('{', '}') >= 0)
        {
            throw new ArgumentException("The key prefix must not contain braces: the workspace is the hash tag.", nameof(KeyPrefix));
        }
    }

    [GeneratedRegex("^[A-Za-z0-9._-]{1,64}$")]
    private static partial Regex WorkspacePattern();
}
