namespace AgentSpec.Core.State;

/// <summary>The result of checking one state file (the state or its backup): JSON, schema and checksum.</summary>
public sealed record StateFileCheck
{
    public required string Path { get; init; }

    public required bool Exists { get; init; }

    /// <summary>True when the file exists and passes every check.</summary>
    public required bool Valid { get; init; }

    /// <summary>Why the file is not valid (null when valid or missing).</summary>
    public string? Problem { get; init; }

    public string? Version { get; init; }

    public long? Serial { get; init; }

    public string? Lineage { get; init; }

    public int? EntryCount { get; init; }

    public DateTimeOffset? LastWrite { get; init; }
}
