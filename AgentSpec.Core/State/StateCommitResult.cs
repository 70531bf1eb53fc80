namespace AgentSpec.Core.State;

/// <summary>
/// The outcome of a commit. <see cref="Written"/> is false when the content equalled the current state
/// (nothing touched the disk). <see cref="Document"/> is what is now on disk, with serial and checksum.
/// </summary>
public sealed record StateCommitResult(bool Written, long Serial, StateDocument Document);
