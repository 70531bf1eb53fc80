namespace AgentSpec.Cli.Runtime;

/// <summary>One page of history, oldest first; pass <see cref="NextCursor"/> as <c>before</c> for the older page.</summary>
public sealed record HistoryPage(IReadOnlyList<HistoryMessage> Messages, string? NextCursor);
