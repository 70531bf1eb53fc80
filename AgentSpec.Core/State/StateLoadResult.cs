namespace AgentSpec.Core.State;

/// <summary>
/// The state loaded under the lock. <see cref="Recovery"/> is set when the state was damaged and the
/// backup was restored: tell the user which serial came back.
/// </summary>
public sealed record StateLoadResult(StateDocument Document, StateBackupRestore? Recovery, int TempFilesRemoved)
{
    /// <summary>Whether the file on disk was in the original tool's format "1.0" (the next commit upgrades it).</summary>
    public bool IsLegacyFormat => Document.Version == StateDocument.LegacyVersion;
}
