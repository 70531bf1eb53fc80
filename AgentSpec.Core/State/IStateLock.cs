using AgentSpec.Core.State.Errors;

namespace AgentSpec.Core.State;

/// <summary>
/// The held state lock: the only way to load state for writing and to commit it. The lease is renewed
/// in the background while this object lives. <see cref="IAsyncDisposable.DisposeAsync"/> releases the
/// lock; call it in all cases (a <c>finally</c> or <c>await using</c>).
/// </summary>
public interface IStateLock : IAsyncDisposable
{
    /// <summary>The state location this lock protects.</summary>
    string Location { get; }

    /// <summary>This holder's id (what <c>state unlock --force</c> takes) and identity.</summary>
    StateLockHolderInfo Holder { get; }

    /// <summary>How long acquiring took.</summary>
    TimeSpan WaitTime { get; }

    /// <summary>
    /// Loads and validates the state, recovering from the backup when the state is damaged and the
    /// backup is valid (the damaged file is quarantined, never deleted), and replacing a damaged backup
    /// beside a valid state with a copy of it (the damaged backup is quarantined first; the Redis backend
    /// quarantines its damaged newest generation and drops it from the list instead). Removes temp files
    /// left by a crash. Must be called before <see cref="CommitAsync"/>.
    /// </summary>
    /// <exception cref="StateCorruptedException">The state is damaged and its backup cannot replace it (exit code 4).</exception>
    /// <exception cref="StateMissingException">The state file is gone but a backup exists (exit code 4).</exception>
    /// <exception cref="StateFormatException">The state was written by a newer AgentSpec; nothing was touched.</exception>
    /// <exception cref="StatePathException">The state path is a symbolic link, a directory or another non-regular file; nothing was touched.</exception>
    Task<StateLoadResult> LoadAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Durably replaces the state with <paramref name="document"/>'s entries and unknown fields (its
    /// version, serial, lineage and checksum are ignored: the backend sets them). A commit whose content
    /// equals the last loaded or committed state writes nothing. Safe to call repeatedly (checkpoints).
    /// The argument is not modified.
    /// </summary>
    /// <exception cref="StateLockLostException">Fencing failed: the lock was broken or the state changed since it was loaded. Nothing was written.</exception>
    /// <exception cref="StateIOException">A file operation failed. The previous state is unchanged and no temp file is left.</exception>
    Task<StateCommitResult> CommitAsync(StateDocument document, CancellationToken cancellationToken);

    /// <summary>
    /// Reads a recovery source and compares it with the current state (which may be damaged or missing)
    /// so the caller can show what would be lost before confirming. Changes nothing.
    /// </summary>
    /// <exception cref="StateRecoveryRejectedException">The source is missing, damaged (unless only its checksum is, and <see cref="StateRecoverySource.AcceptChecksumMismatch"/> is set), written by a newer AgentSpec, or not a regular file.</exception>
    /// <exception cref="StateFormatException">The current state was written by a newer AgentSpec: it is never replaced.</exception>
    /// <exception cref="StatePathException">The state path is not a regular file.</exception>
    Task<StateRecoveryPlan> PlanRecoveryAsync(StateRecoverySource source, CancellationToken cancellationToken);

    /// <summary>
    /// Restores the state from a plan made by <see cref="PlanRecoveryAsync"/> with the commit protocol.
    /// A damaged current state is quarantined first (and a damaged backup, when a valid current state is
    /// about to become the backup). The restored state gets a serial above every serial the current state,
    /// the backup and the source still state, so serials never go backwards or repeat.
    /// </summary>
    /// <exception cref="StateRecoveryRejectedException">The lineages differ and <paramref name="allowLineageChange"/> is false, or the state changed since the plan was made.</exception>
    Task<StateCommitResult> RecoverAsync(StateRecoveryPlan plan, bool allowLineageChange, CancellationToken cancellationToken);

    /// <summary>
    /// Replaces the state with <paramref name="document"/> exactly: its entries, unknown fields, lineage and serial
    /// (<c>state migrate</c>, docs/state.md, "Migrating between backends"). Call <see cref="LoadAsync"/> first;
    /// fenced like <see cref="CommitAsync"/>. Writes nothing (<see cref="StateCommitResult.Written"/> false) when the
    /// loaded state already is this document. The argument is not modified.
    /// </summary>
    /// <exception cref="StateImportRejectedException">The loaded state has another lineage, a higher serial, or the same serial with other content. Nothing was written.</exception>
    /// <exception cref="StateLockLostException">Fencing failed. Nothing was written.</exception>
    /// <exception cref="NotSupportedException">This backend cannot import a state (the default, for a backend written before migrations).</exception>
    Task<StateCommitResult> ImportAsync(StateDocument document, CancellationToken cancellationToken) =>
        throw new NotSupportedException($"The state backend at {Location} cannot import a state (state migrate).");
}
