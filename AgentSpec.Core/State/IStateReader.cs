namespace AgentSpec.Core.State;

/// <summary>
/// Reads state without the lock. The commit protocol guarantees that every read sees a whole file,
/// so <c>plan</c> and <c>state list</c> never need to lock. A missing state is an empty state.
/// </summary>
public interface IStateReader
{
    /// <summary>Where the state lives, for messages (a file path, a URL).</summary>
    string Location { get; }

    Task<StateDocument> ReadAsync(CancellationToken cancellationToken);
}
