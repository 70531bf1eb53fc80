using System.Text.Json.Serialization;

namespace AgentSpec.Core.State;

/// <summary>
/// Who holds the state lock, as written to <c>&lt;state&gt;.lock.info</c> (JSON). <see cref="Renewed"/>
/// moves forward while the holder is healthy. <see cref="LockFileId"/> names the lock file inode the
/// holder locked, so information left over from a broken lock is recognised.
/// </summary>
public sealed record StateLockHolderInfo
{
    [JsonPropertyName("lock_id")]
    public required string LockId { get; init; }

    [JsonPropertyName("pid")]
    public required int Pid { get; init; }

    [JsonPropertyName("hostname")]
    public required string Hostname { get; init; }

    [JsonPropertyName("user")]
    public required string User { get; init; }

    [JsonPropertyName("operation")]
    public required string Operation { get; init; }

    [JsonPropertyName("created")]
    public required DateTimeOffset Created { get; init; }

    [JsonPropertyName("renewed")]
    public required DateTimeOffset Renewed { get; init; }

    [JsonPropertyName("lock_file_id")]
    public string? LockFileId { get; init; }

    /// <summary>How messages name a holder of the kernel lock that wrote no holder information.</summary>
    public const string Unidentified = "an unidentified holder";

    /// <summary>This process as a new holder, taking the lock at <paramref name="now"/> with a fresh lock id.</summary>
    internal static StateLockHolderInfo ForThisProcess(string operation, DateTimeOffset now, string? lockFileId = null) => new()
    {
        LockId = Guid.NewGuid().ToString("N"),
        Pid = Environment.ProcessId,
        Hostname = Environment.MachineName,
        User = Environment.UserName,
        Operation = operation,
        Created = now,
        Renewed = now,
        LockFileId = lockFileId,
    };

    /// <summary>"PID 42 on host-a (apply, started 12s ago, lock id 3f…)".</summary>
    public string Describe(DateTimeOffset now) =>
        $"PID {Pid} on {Hostname} ({Operation}, started {StateDurations.Format(now - Created)} ago, lock id {LockId})";

    /// <summary>"PID 42 on host-a (apply)", for log lines.</summary>
    internal string DescribeShort() => $"PID {Pid} on {Hostname} ({Operation})";

    /// <summary>Information with a field missing (hand-written or from another tool) identifies nobody.</summary>
    internal bool IsComplete =>
        !string.IsNullOrEmpty(LockId) && Hostname is not null && User is not null && Operation is not null;
}
