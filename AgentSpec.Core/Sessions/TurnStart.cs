namespace AgentSpec.Core.Sessions;

/// <summary>What a chat turn reads before it calls the model, read in one step (<see cref="ISessionStore.BeginTurnAsync"/>).</summary>
/// <param name="Recorded">The turn already appended under the turn's idempotency key, or null; when set, <paramref name="History"/> is empty.</param>
/// <param name="History">The newest messages of the session (at most the window asked for), oldest first.</param>
public sealed record TurnStart(RecordedTurn? Recorded, IReadOnlyList<SessionMessage> History);
