namespace AgentSpec.Core.Sessions;

/// <param name="Messages">Oldest first.</param>
/// <param name="NextCursor">Pass as <c>before</c> to read the previous (older) page; null when there is none.</param>
public sealed record MessagePage(IReadOnlyList<SessionMessage> Messages, string? NextCursor);
